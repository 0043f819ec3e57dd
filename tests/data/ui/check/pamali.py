"""A deliberately naive rule-based model for the Model check fixtures.

It reads ``tidak`` as the only negation, always picks the first option of a
choice, paraphrases by copying the sentence, and gives up on questions: it
fails on informal Indonesian (and is unusable now and then) in the ways the
page is there to show.
"""


def model(prompt: str) -> str:
    """Answer one prompt of ``nusalingo probe run``."""
    if "Jawab hanya dengan nomor" in prompt:
        return "1"
    if prompt.startswith("Tulis ulang"):
        return prompt.splitlines()[-1]
    if "?" in prompt:
        raise ValueError("pertanyaan belum bisa dijawab")
    return "negatif" if "tidak" in prompt.lower() else "positif"
