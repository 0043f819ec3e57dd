"""Model check: judge a model's failed answers, correct them, and export training data.

A probe run (``nusalingo probe run ... -o FOLDER``) leaves ``FOLDER/items.jsonl``.
This page shows its failed and unusable items one at a time; a linguist marks
the model's answer right or wrong and writes the correct answer, which is
appended to a corrections log (``corrections.jsonl`` beside the items unless
another file is named). An informal word the model misread becomes a proposed
lexicon entry in one click, and the log downloads as chat fine-tuning lines or
instruction/response pairs. The work itself is done by
:mod:`nusalingo.probe.corrections`; this page only shows it and reports errors.

The log is read afresh on every run (a :class:`CorrectionsLog` keeps no state),
so verdicts saved by colleagues in other sessions show up at once.

>>> log_file(Path("laporan/items.jsonl"), "")
PosixPath('laporan/corrections.jsonl')
>>> describe_word({"informal": "gak", "formal": "tidak", "category": "clipping", "entry": ""})
'gak → tidak (clipping)'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from nusalingo.errors import ConflictError, LexiconFormatError, NusalingoError
from nusalingo.probe.corrections import (
    RIGHT,
    VERDICTS,
    WRONG,
    Correction,
    CorrectionsError,
    CorrectionsLog,
    as_jsonl,
    failed_items,
    informal_words,
    load_items,
    progress,
    propose_entry,
)
from nusalingo.ui.entry import TARGET as ENTRY_TARGET
from nusalingo.ui.permissions import why_not_add
from nusalingo.ui.state import AppContext, context, kept
from nusalingo.ui.widgets import error, md_escape, problems_frame, success, table_height

ITEMS = "check.items"
LOG = "check.log"
SUITE = "check.suite"
PENDING = "check.pending"
ITEM = "check.item"
ONLY_WRONG = "check.only_wrong"
NOTICE = "check.notice"
SUITES = ("all", "invariance", "directional", "meaning")
#: The log's file name when none is given: beside the items file.
LOG_NAME = "corrections.jsonl"
VERDICT_LABELS = {RIGHT: "The model's answer is right", WRONG: "The model's answer is wrong"}
#: What each shown field of an item is, in the order shown.
FIELDS = (("source", "Formal source"), ("text", "What the model saw"),
          ("answer", "Model's answer"), ("base_answer", "Its answer on the formal source"),
          ("expected", "Expected"))
#: Rows of the overview table sent to the browser at most.
SHOWN = 2000


def log_file(items: Path, typed: str) -> Path:
    """The corrections log: the typed path, or ``corrections.jsonl`` beside the items."""
    return Path(typed.strip()).expanduser() if typed.strip() else items.with_name(LOG_NAME)


def _jsonl_path(typed: str, what: str) -> Path:
    path = Path(typed.strip()).expanduser()
    if path.suffix.lower() != ".jsonl":
        raise CorrectionsError(f"{path}: the {what} must be a JSON-lines file ending in "
                               f".jsonl; give the path of one")
    return path


def describe_word(word: Mapping[str, str]) -> str:
    """An informal word of an item as the picker shows it."""
    category = f" ({word['category']})" if word.get("category") else ""
    return f"{word['informal']} → {word['formal']}{category}"


def describe_verdict(correction: Correction) -> str:
    """``Judged wrong by dewi at ...: 'tidak'``."""
    said = f": {correction.correction!r}" if correction.correction else ""
    note = f" (note: {correction.note})" if correction.note else ""
    return f"Judged {correction.verdict} by {correction.who} at {correction.when}{said}{note}"


def items_frame(items: Iterable[Mapping[str, Any]],
                latest: Mapping[str, Correction]) -> pd.DataFrame:
    """The items to check, one row each, with the last verdict given on each."""
    rows = [(str(i["id"]), i.get("suite", ""), i.get("test", ""), i.get("outcome", ""),
             str(i.get("text") or ""), _text(i.get("answer")), _text(i.get("expected")),
             latest[str(i["id"])].verdict if str(i["id"]) in latest else "")
            for i in items]
    return pd.DataFrame(rows, columns=["id", "suite", "test", "outcome", "text", "answer",
                                       "expected", "verdict"])


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _verdict_key(item_id: str) -> str:
    return f"check.verdict.{item_id}"


def _correction_key(item_id: str) -> str:
    return f"check.correction.{item_id}"


def _note_key(item_id: str) -> str:
    return f"check.note.{item_id}"


def _word_key(item_id: str) -> str:
    return f"check.word.{item_id}"


def _notice(ok: bool, message: str, problems: Sequence[Any] = ()) -> None:
    st.session_state[NOTICE] = (ok, message, tuple(problems))


def _save(ctx: AppContext, item: Mapping[str, Any], path: Path, next_id: str | None) -> None:
    reason = why_not_add(ctx.user, team=ctx.team)
    if reason or ctx.user is None:
        _notice(False, reason or "")
        return
    item_id = str(item["id"])
    verdict = st.session_state.get(_verdict_key(item_id))
    if verdict is None:
        _notice(False, f"Nothing saved for {item_id}: choose whether the model's answer is "
                       f"right or wrong first.")
        return
    try:
        saved = CorrectionsLog(path).record(
            item, who=ctx.user.name, verdict=str(verdict),
            correction=str(st.session_state.get(_correction_key(item_id)) or ""),
            note=str(st.session_state.get(_note_key(item_id)) or ""))
    except CorrectionsError as exc:
        _notice(False, f"Nothing saved for {item_id}: {exc}.")
        return
    except OSError as exc:  # includes the lock timing out
        _notice(False, f"Could not write {path}: {exc.strerror or exc}. Nothing was saved; "
                       f"check that the folder is writable and try again.")
        return
    _notice(True, f"Saved: {item_id} judged {saved.verdict} by {saved.who} at {saved.when}, "
                  f"in {path.name}.")
    if next_id is not None:
        st.session_state[ITEM] = next_id


def _propose(ctx: AppContext, item: Mapping[str, Any], words: Sequence[Mapping[str, str]],
             target: str) -> None:
    reason = why_not_add(ctx.user, team=ctx.team)
    if reason or ctx.user is None:
        _notice(False, reason or "")
        return
    word = words[int(st.session_state.get(_word_key(str(item["id"]))) or 0)]
    try:
        entry = propose_entry(ctx.snapshot.store(target), item, word, author=ctx.user.name,
                              lexicon=ctx.snapshot.lexicon())
    except LexiconFormatError as exc:
        _notice(False, f"{describe_word(word)} was not proposed: the entry would make "
                       f"{target} invalid. Add it on the Entry page to fix the fields.",
                exc.problems)
        return
    except (CorrectionsError, ConflictError) as exc:
        _notice(False, f"{describe_word(word)} was not proposed: {exc}.")
        return
    except (NusalingoError, OSError) as exc:
        _notice(False, f"{describe_word(word)} was not proposed: {exc}. Nothing was changed.")
        return
    _notice(True, f"Proposed {entry.id}: {entry.informal} → {entry.formal} in {target}; "
                  f"it waits in the Review queue.")


def page() -> None:
    """The Model check page."""
    ctx = context()
    st.title("Model check")
    st.caption("Judge the answers a model got wrong in a probe run, write the correct ones, "
               "and export them as training data (see docs/model_testing.md).")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        (success if notice[0] else error)(notice[1])
        if notice[2]:
            st.dataframe(problems_frame(notice[2]), hide_index=True, width="stretch",
                         key="check.problems")
    top = st.columns(2)
    typed_items = top[0].text_input(
        "Items of a probe run (items.jsonl)", key=kept(ITEMS, ""),
        placeholder="e.g. report/items.jsonl",
        help="nusalingo probe run ... -o FOLDER writes FOLDER/items.jsonl.")
    typed_log = top[1].text_input(
        "Corrections log", key=kept(LOG, ""),
        placeholder=f"{LOG_NAME} beside the items file",
        help="Verdicts are appended to this JSON-lines file; colleagues may share it.")
    if not typed_items.strip():
        st.caption("Give the path of a probe run's items.jsonl on the server to begin.")
        return
    try:
        items_path = _jsonl_path(typed_items, "items file")
        path = _jsonl_path(str(log_file(items_path, typed_log)), "corrections log")
        items = load_items(items_path)
    except CorrectionsError as exc:
        error(str(exc))
        return
    except UnicodeDecodeError as exc:
        error(f"{typed_items.strip()}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); "
              f"give the items.jsonl a probe run wrote.")
        return
    except OSError as exc:
        error(f"{typed_items.strip()}: cannot be read ({exc.strerror or exc}); give the "
              f"items.jsonl a probe run wrote.")
        return
    log = CorrectionsLog(path)
    st.caption(md_escape(f"{len(items):,} items in {items_path}; verdicts go to {path}."))

    filters = st.columns([2, 2, 3])
    suite = filters[0].selectbox("Suite", SUITES, key=kept(SUITE, "all"))
    pending_only = filters[1].checkbox("Pending only", key=kept(PENDING, False),
                                       help="Leave out the items someone has judged.")
    chosen = None if suite == "all" else suite
    counts = progress(failed_items(items, suite=chosen), log)
    metrics = st.columns(5)
    for column, (name, label) in zip(metrics, [("items", "Failed or unusable"),
                                               ("judged", "Judged"), (RIGHT, "Right"),
                                               (WRONG, "Wrong"), ("pending", "Pending")],
                                     strict=True):
        column.metric(label, f"{counts[name]:,}")
    shown = failed_items(items, log=log, pending_only=pending_only, suite=chosen)
    latest = log.latest()
    if shown:
        _judge(ctx, shown, latest, path)
    elif counts["items"]:
        st.success("Every item here has a verdict. Well done.")
    else:
        st.success("The model passed every item here: nothing to check.")
    _export(log)


def _judge(ctx: AppContext, shown: Sequence[Mapping[str, Any]],
           latest: Mapping[str, Correction], path: Path) -> None:
    ids = [str(i["id"]) for i in shown]
    by_id = dict(zip(ids, shown, strict=True))
    if st.session_state.get(ITEM) not in by_id:
        st.session_state[ITEM] = ids[0]
    frame = items_frame(shown[:SHOWN], latest)
    st.dataframe(frame, hide_index=True, width="stretch", key="check.table",
                 height=table_height(len(frame), most=280))
    item_id = st.selectbox(
        "Item", ids, key=ITEM,
        format_func=lambda i: f"{i} — {by_id[i].get('text') or ''} ({by_id[i].get('outcome')})")
    item = by_id[item_id]
    position = ids.index(item_id)
    next_id = ids[position + 1] if position + 1 < len(ids) else None

    st.subheader(md_escape(f"{item_id}: {item.get('suite', '')}/{item.get('test', '')}, "
                           f"{item.get('outcome', '')}"))
    left, right = st.columns([3, 2])
    with left:
        lines = [f"**{label}:** {md_escape(_text(item.get(name)) or '—')}"
                 for name, label in FIELDS if name != "base_answer" or item.get(name) is not None]
        st.markdown("  \n".join(lines))
        st.caption("Prompt sent to the model:")
        st.code(_text(item.get("prompt")), language=None, wrap_lines=True)
        if item.get("outcome") == "unusable":
            st.markdown(f":orange[**Unusable answer:** "
                        f"{md_escape(_text(item.get('error')) or 'no reason given')}]")
        judged = latest.get(item_id)
        if judged is not None:
            st.caption(md_escape(describe_verdict(judged)))
    with right:
        _judge_form(ctx, item, judged, path, next_id)
    _propose_box(ctx, item)


def _judge_form(ctx: AppContext, item: Mapping[str, Any], judged: Correction | None,
                path: Path, next_id: str | None) -> None:
    item_id = str(item["id"])
    if judged is not None:  # start from the last verdict, once
        st.session_state.setdefault(_verdict_key(item_id), judged.verdict)
        st.session_state.setdefault(_correction_key(item_id), judged.correction)
        st.session_state.setdefault(_note_key(item_id), judged.note)
    reason = why_not_add(ctx.user, team=ctx.team)
    with st.form(f"check.judge.{item_id}"):
        st.radio("Verdict", VERDICTS, key=_verdict_key(item_id), index=None,
                 format_func=VERDICT_LABELS.__getitem__)
        st.text_area("Correct answer (needed when the model is wrong)", height=80,
                     key=_correction_key(item_id),
                     help="The answer the model should have given; it becomes the training "
                          "target. Leave empty when the model's answer is right.")
        st.text_input("Note", key=_note_key(item_id), placeholder="optional, for colleagues")
        st.form_submit_button("Save verdict", key="check.save", type="primary",
                              disabled=bool(reason), on_click=_save,
                              args=(ctx, item, path, next_id), icon=":material/save:")
    if reason:
        st.caption(f":orange[{md_escape(reason)}]")


def _propose_box(ctx: AppContext, item: Mapping[str, Any]) -> None:
    item_id = str(item["id"])
    words = informal_words(item)
    st.markdown("**Propose a lexicon entry**")
    if not words:
        st.caption("This item has no informal word that an entry could cover.")
        return
    target = str(st.session_state.get(ENTRY_TARGET)
                 or ctx.settings.default_target(ctx.snapshot.names))
    row = st.columns([3, 2], vertical_alignment="bottom")
    row[0].selectbox("Informal → formal", range(len(words)), key=_word_key(item_id),
                     format_func=lambda n: describe_word(words[n]),
                     help="A word the model may have misread; the entry gets this item's "
                          "sentence as its example.")
    reason = why_not_add(ctx.user, team=ctx.team)
    row[1].button(f"Propose in {target}", key="check.propose", disabled=bool(reason),
                  on_click=_propose, args=(ctx, item, words, target),
                  icon=":material/add_circle:")
    st.caption(md_escape(f"New entries go to {target} (chosen on the Entry page) as proposed, "
                         f"for a reviewer to verify."))
    if reason:
        st.caption(f":orange[{md_escape(reason)}]")


def _export(log: CorrectionsLog) -> None:
    st.subheader("Export training data")
    only_wrong = st.checkbox("Only wrong verdicts (leave out answers judged right)",
                             key=kept(ONLY_WRONG, False))
    chat = log.chat_examples(include_right=not only_wrong)
    pairs = log.instruction_pairs(include_right=not only_wrong)
    st.caption(md_escape(f"The last verdict on each item in {log.path.name}, from every run "
                         f"judged into it: {len(pairs)} example(s)."))
    buttons = st.columns(2)
    buttons[0].download_button(
        "Chat fine-tuning (JSON lines)", data=as_jsonl(chat),
        file_name=f"{log.path.stem}.chat.jsonl", mime="application/jsonl",
        key="check.export_chat", disabled=not chat, on_click="ignore", icon=":material/download:",
        help='One {"messages": [system, user, assistant]} object a line.')
    buttons[1].download_button(
        "Instruction/response pairs (JSON lines)", data=as_jsonl(pairs),
        file_name=f"{log.path.stem}.instructions.jsonl", mime="application/jsonl",
        key="check.export_pairs", disabled=not pairs, on_click="ignore", icon=":material/download:",
        help='One {"instruction", "response", "item_id"} object a line.')
