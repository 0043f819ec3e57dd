"""``nusalingo.dask`` on a real ``distributed.LocalCluster`` with two worker processes."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from support import DATA

from nusalingo import Change, Normalizer, apply_changes
from nusalingo.dask import explain_column, normalize_column
from nusalingo.errors import NusalingoError

LEXICON = DATA / "corpus" / "lexicon.tsv"
TEXTS = ["gk tau deh", None, "gw udh makan", "brg bgs bgt", "", "makasih yg cpt",
         "sampe rumah", "biasa saja"] * 6


class LoggedNormalizer(Normalizer):
    """A normalizer that notes, in a file, each process it is unpickled in."""

    def __init__(self, log: Path, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log = str(log)

    def __getstate__(self) -> dict[str, Any]:
        return {**super().__getstate__(), "log": self.log}

    def __setstate__(self, state: dict[str, Any]) -> None:
        log = state.pop("log")
        super().__setstate__(state)
        self.log = log
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")


# The workers cannot import this test module: ship the class itself with its instances.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, \
            Client(cluster, set_as_default=False) as connected:
        yield connected


@pytest.fixture
def frame() -> dd.DataFrame:
    source = pd.DataFrame({"teks": TEXTS, "no": range(len(TEXTS))},
                          index=pd.RangeIndex(100, 100 + len(TEXTS))).astype({"teks": "string"})
    return dd.from_pandas(source, npartitions=8)


def test_normalize_column_on_two_worker_processes(client: Client, frame: dd.DataFrame) -> None:
    reference = Normalizer(LEXICON)
    result = client.compute(normalize_column(frame, "teks", normalizer=Normalizer(LEXICON),
                                             client=client)).result()
    assert list(result.columns) == ["teks", "no", "teks_normalized"]
    assert result.index.tolist() == list(range(100, 100 + len(TEXTS)))
    expected = [None if t is None else reference.normalize(t) for t in TEXTS]
    assert [None if pd.isna(v) else v for v in result["teks_normalized"]] == expected
    assert result["teks_normalized"].iloc[0] == "tidak tahu deh"
    assert str(result["teks_normalized"].dtype) == str(frame["teks"].dtype)
    assert len(set(client.run(os.getpid).values())) == 2


def test_the_normalizer_reaches_each_worker_once(client: Client, frame: dd.DataFrame,
                                                 tmp_path: Path) -> None:
    log = tmp_path / "unpickled.txt"
    log.touch()
    normalizer = LoggedNormalizer(log, LEXICON)
    done = normalize_column(frame, "teks", normalizer=normalizer, client=client)
    assert done.npartitions == 8
    result = client.compute(done).result()
    assert result["teks_normalized"].iloc[2] == "saya sudah makan"
    workers = set(client.run(os.getpid).values())
    unpickled = Counter(int(pid) for pid in log.read_text(encoding="utf-8").split())
    on_workers = {pid: n for pid, n in unpickled.items() if pid in workers}
    assert on_workers == dict.fromkeys(workers, 1)  # 8 partitions, one copy a worker
    assert os.getpid() not in unpickled  # and none made on the client just to name it


def test_default_client_is_used(client: Client, frame: dd.DataFrame, tmp_path: Path) -> None:
    log = tmp_path / "unpickled.txt"
    log.touch()
    with client.as_current():
        normalize_column(frame, "teks", normalizer=LoggedNormalizer(log, LEXICON)).compute()
    workers = set(client.run(os.getpid).values())
    assert {int(pid) for pid in log.read_text(encoding="utf-8").split()} == workers


def test_explain_column_replays(client: Client, frame: dd.DataFrame) -> None:
    changes = client.compute(explain_column(frame, "teks", normalizer=Normalizer(LEXICON),
                                            client=client)).result()
    assert list(changes.columns) == ["row", "start", "end", "original", "replacement",
                                     "step", "entry", "category"]
    assert changes["row"].is_monotonic_increasing
    for label, group in changes.groupby("row"):
        source = TEXTS[label - 100]
        assert source is not None
        replayed = apply_changes(source, [
            Change(r.start, r.end, r.original, r.replacement, r.step)
            for r in group.itertuples()])
        assert replayed == Normalizer(LEXICON).normalize(source)
    assert set(changes["entry"]) >= {"corpus-1", "corpus-5"}


def test_replace_and_errors(client: Client, frame: dd.DataFrame) -> None:
    replaced = client.compute(normalize_column(
        frame, "teks", replace=True, normalizer=Normalizer(LEXICON), client=client)).result()
    assert list(replaced.columns) == ["teks", "no"]
    assert replaced["teks"].iloc[3] == "barang bagus sangat"
    with pytest.raises(NusalingoError, match="no column 'text'; the columns are 'teks', 'no'"):
        normalize_column(frame, "text", client=client)
    with pytest.raises(TypeError, match="dtype int64, not text"):
        normalize_column(frame, "no", normalizer=Normalizer(LEXICON), client=client)


def test_without_a_cluster_the_local_scheduler_works(frame: dd.DataFrame) -> None:
    with dask.config.set(scheduler="sync"):
        result = normalize_column(frame, "teks", normalizer=Normalizer(LEXICON),
                                  client=None).compute()
    assert result["teks_normalized"].iloc[0] == "tidak tahu deh"
