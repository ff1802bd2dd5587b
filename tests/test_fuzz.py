"""Fuzzing every parser of outside input (hypothesis): each input ends in a clean, typed
error or a valid result, within a deadline and without big allocations.

Targets: form definition files (mutated YAML), record documents (Form.validate,
records.save_draft, `intake record edit`), the streamed-encryption header, the wrapped
key file and its KDF parameters, and bundle reading (names with `..` or absolute paths,
symlink entries, duplicates, huge declared sizes, zip bombs, deep JSON, invalid UTF-8).
atheris is not used yet: a wheel exists (atheris 3.0.0, cp311 manylinux) but it is not a
project dependency; hypothesis covers the same parsers. ``pytest --long`` runs 10x the examples.
"""

from __future__ import annotations

import io
import json
import resource
import struct
import sys
import warnings
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import forms
from crypto import age, kdf, keys, stream
from crypto.errors import CryptoError, FormatError, ParameterError, WrongPassphrase
from forms.errors import FormError
from intake.archive import verify
from intake.capture import records
from intake.errors import IntakeError
from intake.handover import bundle
from intake.vault import Vault
from tests.cli_run import intake
from tests.conftest import PASSPHRASE, make_vault
from tests.records_data import FORM_ID, FORM_VERSION, example

# hypothesis settings are fixed when the module is imported, before fixtures exist
LONG = "--long" in sys.argv
FORM_FILE = Path(forms.__file__).parent / "definitions" / "nk-testimony.v1.yaml"
KEY = bytes(range(32))
CASES: dict[str, int] = {}


def fuzz(n: int) -> Any:
    return settings(
        max_examples=n * (10 if LONG else 1),
        deadline=timedelta(seconds=10),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        derandomize=True,
    )


def count(name: str) -> None:
    CASES[name] = CASES.get(name, 0) + 1


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module", autouse=True)
def report_cases() -> Any:
    yield
    total = sum(CASES.values())
    print(f"\nfuzz: {total} cases run: {CASES}")


# -- form definition files ------------------------------------------------------------

FORM_TEXT = FORM_FILE.read_text(encoding="utf-8")
FORM_LINES = FORM_TEXT.splitlines(keepends=True)
YAML_BITS = [
    "", ":", "- ", "  ", "&a ", "*a", "!!python/object:os.system ", "{", "]", "'", '"',
    "key: x\n", "type: group\n", "repeat: true\n", "max: -1\n", "max: 99999999999999999999\n",
    "\t", "\x00", "ÿ", "요덕", "vocabulary: nope\n", "role: narrative\n", "<<: *a\n", "~",
]  # fmt: skip


@fuzz(60)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(FORM_LINES) - 1),
            st.sampled_from(["delete", "duplicate", "insert", "cut"]),
            st.sampled_from(YAML_BITS),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_form_files_raise_form_error(tmp_path_factory: Any, edits: Any) -> None:
    lines = list(FORM_LINES)
    for index, how, bit in edits:
        i = min(index, len(lines) - 1)
        if how == "delete" and len(lines) > 1:
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "insert":
            lines.insert(i, bit + "\n")
        else:
            lines[i] = lines[i][: len(lines[i]) // 2] + bit
    path = tmp_path_factory.mktemp("form") / "fuzzed.yaml"
    path.write_text("".join(lines), encoding="utf-8", errors="surrogatepass")
    count("form files")
    try:
        form = forms.load_form_file(path)
    except FormError as e:
        assert "\n" not in str(e)
        return
    assert form.id and form.version >= 1


@fuzz(60)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_form_file(tmp_path_factory: Any, data: bytes) -> None:
    path = tmp_path_factory.mktemp("form") / "bytes.yaml"
    path.write_bytes(data)
    count("form files")
    with pytest.raises(FormError):
        forms.load_form_file(path)


def test_billion_laughs_and_huge_form_files_are_refused(tmp_path: Path) -> None:
    laughs = 'a: &a ["lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(20)
    )
    (tmp_path / "laughs.yaml").write_text(laughs)
    (tmp_path / "huge.yaml").write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    for name in ("laughs.yaml", "huge.yaml"):
        with pytest.raises(FormError):
            forms.load_form_file(tmp_path / name)


# -- record documents ----------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)  # fmt: skip


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


EXAMPLE = example()
EXAMPLE_PATHS = _paths(EXAMPLE)[1:]


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = json.loads(json.dumps(doc))
    node = doc
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return doc


@pytest.fixture(scope="module")
def fuzz_vault(tmp_path_factory: pytest.TempPathFactory) -> Any:
    v = make_vault(tmp_path_factory.mktemp("fuzz") / "vault")
    # module scope: conftest's per-test pin to version 1 does not reach here
    rid = records.create(v, FORM_ID, example(), 1)  # type: ignore[arg-type]
    yield v, rid
    v.lock()  # type: ignore[attr-defined]


@fuzz(150)
@given(doc=JSON)
def test_arbitrary_json_as_a_record_document(fuzz_vault: Any, doc: Any) -> None:
    v, rid = fuzz_vault
    form = forms.load_form(FORM_ID, FORM_VERSION)
    count("record documents")
    problems = form.validate(doc)
    assert all(p.path is not None and p.en for p in problems)
    try:
        records.save_draft(v, rid, doc)
    except IntakeError:
        return


@fuzz(200)
@given(where=st.sampled_from(EXAMPLE_PATHS), value=JSON, for_seal=st.booleans())
def test_example_with_one_value_replaced(
    fuzz_vault: Any, where: Any, value: Any, for_seal: bool
) -> None:
    v, rid = fuzz_vault
    doc = _replace(EXAMPLE, where, value)
    count("record documents")
    forms.load_form(FORM_ID, FORM_VERSION).validate(doc, for_seal=for_seal)
    try:
        records.save_draft(v, rid, doc)
    except IntakeError:
        return
    assert records.draft(v, rid) == json.loads(records._dumps(doc))


def test_record_edit_cli_refuses_hostile_documents_in_one_line(tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    rid = records.create(v, FORM_ID, example())  # type: ignore[arg-type]
    before = records.draft(v, rid)  # as saved: the program fills the signing fingerprint
    v.lock()  # type: ignore[attr-defined]
    secret = tmp_path / "pass"
    secret.write_bytes(PASSPHRASE + b"\n")
    cases = {
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "utf8.json": b'{"a": "\xff\xfe"}',
        "list.json": b"[1, 2]",
        "big.json": b'{"a": "' + b"x" * (17 * 1024 * 1024) + b'"}',
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        r = intake("record", "edit", rid, "--data", tmp_path / name,
                   "--vault", tmp_path / "vault", "--passphrase-file", secret)  # fmt: skip
        count("record documents")
        assert r.returncode in (1, 2), (name, r.stderr[-500:])
        assert "Traceback" not in r.stderr, (name, r.stderr[-2000:])
    with Vault.open(tmp_path / "vault", PASSPHRASE) as v2:
        assert records.draft(v2, rid) == before


# -- streamed encryption header ------------------------------------------------------


@fuzz(300)
@given(
    header=st.one_of(
        st.binary(max_size=60),
        st.builds(
            lambda v, cs, salt: struct.pack(">4sBI32s", b"TIAE", v, cs, salt),
            st.integers(0, 255),
            st.integers(0, 2**32 - 1),
            st.binary(min_size=32, max_size=32),
        ),
    ),
    body=st.binary(max_size=3000),
)
def test_stream_header_and_body_fuzz(header: bytes, body: bytes) -> None:
    count("stream headers")
    before = peak_rss_mib()
    with pytest.raises((FormatError, CryptoError)):
        stream.decrypt_stream(KEY, io.BytesIO(header + body), io.BytesIO())
    with pytest.raises((FormatError, CryptoError)):
        stream.DecryptingReader(KEY, io.BytesIO(header + body))
    assert peak_rss_mib() - before < 64


# -- wrapped key file and KDF parameters -----------------------------------------------

ABSURD = st.one_of(
    st.integers(-(2**64), 2**64),
    st.sampled_from([0, -1, 2**31, 2**32, 2**63, kdf.MAX_MEMORY_KIB + 1, 10**100]),
    st.floats(),
    st.text(max_size=5),
    st.none(),
    st.booleans(),
)


@fuzz(300)
@given(
    t=ABSURD,
    m=ABSURD,
    p=ABSURD,
    salt=st.one_of(st.text(max_size=30), st.just("AAAAAAAAAAAAAAAAAAAAAA=="), st.binary().map(str)),
    alg=st.sampled_from(["argon2id", "argon2i", "", "ARGON2ID"]),
    extra=st.dictionaries(st.text(max_size=5), JSON, max_size=2),
)
def test_absurd_kdf_parameters_are_refused_before_any_derivation(
    t: Any, m: Any, p: Any, salt: Any, alg: str, extra: Any
) -> None:
    params = {"alg": alg, "time_cost": t, "memory_kib": m, "parallelism": p, "salt": salt, **extra}
    header = {
        "format": keys.KEYFILE_FORMAT,
        "version": 1,
        "kdf": params,
        "aead": keys.KEYFILE_AEAD,
        "nonce": "AAAAAAAAAAAAAAAA",
        "wrapped": "A" * 64,
    }
    count("key files")
    before = peak_rss_mib()
    try:
        parsed = kdf.KdfParams.from_json(params)
    except ParameterError:
        with pytest.raises(FormatError):
            keys.unwrap(json.dumps(header).encode(), b"guess")
        assert peak_rss_mib() - before < 64  # refused before Argon2 allocated anything
        return
    assert 1 <= parsed.time_cost <= kdf.MAX_TIME_COST
    assert 8 * parsed.parallelism <= parsed.memory_kib <= kdf.MAX_MEMORY_KIB


@fuzz(300)
@given(data=st.one_of(st.binary(max_size=400), JSON.map(lambda j: json.dumps(j).encode())))
def test_arbitrary_key_files(data: bytes) -> None:
    count("key files")
    with pytest.raises((FormatError, WrongPassphrase)):
        keys.unwrap(data, b"guess")


def test_key_file_asking_for_absurd_memory_is_refused_through_vault_open(
    tmp_path: Path,
) -> None:
    v = make_vault(tmp_path / "vault")
    v.lock()  # type: ignore[attr-defined]
    keyfile = tmp_path / "vault" / "vault.key"
    doc = json.loads(keyfile.read_text())
    before = peak_rss_mib()
    for field, value in (("memory_kib", 2**40), ("time_cost", 10**9), ("parallelism", 2**20)):
        hostile = dict(doc, kdf=dict(doc["kdf"], **{field: value}))
        keyfile.write_text(json.dumps(hostile))
        with pytest.raises(ParameterError):
            Vault.open(tmp_path / "vault", PASSPHRASE)
    assert peak_rss_mib() - before < 64


# -- bundle reading --------------------------------------------------------------------

NAMES = st.one_of(
    st.sampled_from([
        "../evil", "/etc/passwd", "a/../../b", "C:\\x", "a\\b", "./a", "a//b", "",
        "records/x/../../../root", "manifest.json", "x" * 300, "é/ü", "a\x00b",
    ]),
    st.text(max_size=40),
)  # fmt: skip


@st.composite
def hostile_zip(draw: Any) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as z:
        warnings.simplefilter("ignore")  # duplicate names are the point
        n = draw(st.integers(0, 5))
        for _ in range(n):
            info = zipfile.ZipInfo(draw(NAMES))
            kind = draw(st.sampled_from(["file", "symlink", "dir", "deflate", "bomb"]))
            data = draw(st.binary(max_size=200))
            if kind == "symlink":
                info.external_attr = 0o120777 << 16
                data = b"/etc/passwd"
            elif kind == "dir":
                info.external_attr = 0o40755 << 16
            elif kind in ("deflate", "bomb"):
                info.compress_type = zipfile.ZIP_DEFLATED
                if kind == "bomb":
                    data = b"\0" * (4 * 1024 * 1024)
            z.writestr(info, data)
        manifest = draw(st.one_of(
            st.just(b"[" * 5000 + b"]" * 5000),
            st.just(b'{"format": "testimony-intake-bundle", "format_version": 1, "files": []}'),
            st.binary(max_size=100),
            JSON.map(lambda j: json.dumps(j).encode()),
            st.just(b"\xff\xfe\x00"),
        ))  # fmt: skip
        for name in bundle.CONTROL_FILES:
            if draw(st.booleans()) or name == bundle.MANIFEST:
                z.writestr(
                    name, manifest if name == bundle.MANIFEST else draw(st.binary(max_size=50))
                )
    data = bytearray(out.getvalue())
    if draw(st.booleans()):  # declare a huge size in a central directory entry
        at = data.rfind(b"PK\x01\x02")
        if at >= 0:
            data[at + 24 : at + 28] = struct.pack("<I", 0xFFFFFFF0)
    return bytes(data)


@pytest.fixture(scope="module")
def age_key() -> tuple[str, str]:
    return age.generate_identity()


@fuzz(150)
@given(zipped=hostile_zip())
def test_hostile_bundles_end_in_typed_errors(
    age_key: tuple[str, str], tmp_path_factory: Any, zipped: bytes
) -> None:
    identity, recipient = age_key
    path = tmp_path_factory.mktemp("bundle") / "hostile.age"
    with open(path, "wb") as dst:
        age.encrypt(io.BytesIO(zipped), dst, [recipient])
    count("bundles")
    before = peak_rss_mib()
    try:
        report = verify.verify(path, identity)
    except (IntakeError, CryptoError):
        pass
    else:
        assert report.problems
    assert peak_rss_mib() - before < 128
