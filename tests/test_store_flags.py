"""flags.jsonl's lines put together from each level's pieces and each flag's own texts."""

import pyarrow as pa

from redtrace.store.flags import _data, write_joined


def test_lines_are_the_pieces_of_their_code_around_the_texts_null_written_as_null(tmp_path):
    pieces = [pa.array(["<a ", "<b "]), pa.array([" | ", " / "]), pa.array([">\n", "]\n"])]
    batches = [
        pa.record_batch([pa.array([1, 0]), pa.array(['"x"', None]), pa.array(["1", "2"])], names=["code", "t1", "t2"]),
        pa.record_batch([pa.array([0]), pa.array(['"İ"']), pa.array([None], pa.string())], names=["code", "t1", "t2"]),
    ]
    write_joined(iter(batches), pieces, tmp_path / "lines")
    assert (tmp_path / "lines").read_text(encoding="utf-8") == '<b "x" / 1]\n<a null | 2>\n<a "İ" | null>\n'


def test_a_dictionary_encoded_piece_is_spelled_out_per_code(tmp_path):
    shared = pa.DictionaryArray.from_arrays(pa.array([1, 0, 1], pa.int32()), pa.array(["}\n", "]\n"]))
    pieces = [pa.array(["<", "(", "["]), pa.array([" ", " ", " "]), shared]
    batch = pa.record_batch([pa.array([2, 1, 0]), pa.array(["a", "b", "c"]), pa.array(["1", "2", "3"])], names=["code", "t1", "t2"])
    write_joined(iter([batch]), pieces, tmp_path / "lines")
    assert (tmp_path / "lines").read_text(encoding="utf-8") == "[a 1]\n(b 2}\n<c 3]\n"


def test_an_empty_result_writes_an_empty_file(tmp_path):
    write_joined(iter([]), [pa.array(["\n"])], tmp_path / "lines")
    assert (tmp_path / "lines").read_bytes() == b""


def test_the_bytes_of_a_slice_are_its_values_only():
    texts = pa.array(["ab", "cde", "", "f"])
    assert bytes(_data(texts.slice(1, 2))) == b"cde"
    assert bytes(_data(texts.slice(3))) == b"f"
    assert bytes(_data(texts.slice(2, 0))) == b""
    assert bytes(_data(pa.array(["xy", "z"], pa.large_string()).slice(1))) == b"z"
