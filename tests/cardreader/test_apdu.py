from cardreader.apdu import SW, Command, Response, describe_sw


def test_short_case_4_apdu_has_lc_data_and_le() -> None:
    assert Command(0x00, 0xA4, 0x04, 0x0C, bytes.fromhex("A0000002471001"), 256).encode() == (
        bytes.fromhex("00A4040C07A000000247100100")
    )


def test_extended_read_binary_asks_for_all_with_two_zero_bytes() -> None:
    apdu = Command(0x00, 0xB0, 0, 0, le=65536).encode(extended=True)
    assert apdu == bytes.fromhex("00B00000000000")


def test_status_words_are_named_in_logs() -> None:
    assert describe_sw(0x6982) == "SECURITY_STATUS_NOT_SATISFIED (6982)"
    assert describe_sw(0x63C2).startswith("VERIFY_FAILED_2")


def test_response_parse_splits_status_word() -> None:
    r = Response.parse(bytes.fromhex("01029000"))
    assert r.data == b"\x01\x02"
    assert r.sw == SW.OK
    assert r.ok


def test_commands_survive_an_encode_parse_round_trip_short_and_extended() -> None:
    for cmd in (
        Command(0x0C, 0xB0, 0x00, 0x10, le=256),
        Command(0x00, 0x22, 0xC1, 0xA4, bytes(15)),
        Command(0x10, 0x86, 0, 0, bytes(300), 65536),
        Command(0x00, 0xB0, 0, 0, le=65536),
    ):
        assert Command.parse(cmd.encode()) == cmd
