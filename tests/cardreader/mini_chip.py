"""A minimal chip around the real `CardAccessControl`: one data group behind access
control, so that reader and card side meet in process as they would over PC/SC."""

from __future__ import annotations

from cardreader.apdu import SW, Command, Response
from cardreader.virtual.access import CardAccessControl


class MiniChip:
    """A `Transport` to a chip holding `content` in one file, readable after PACE/BAC."""

    def __init__(self, access: CardAccessControl, content: bytes, extended: bool = True) -> None:
        self.access = access
        self.content = content
        self.supports_extended_length = extended
        self.plain_commands: list[Command] = []

    def files(self, cmd: Command) -> Response:
        self.plain_commands.append(cmd)
        if cmd.ins == 0xA4:
            return Response(b"", SW.OK)
        if cmd.ins == 0xB0:
            if not self.access.authenticated:
                return Response(b"", SW.SECURITY_STATUS_NOT_SATISFIED)
            offset = (cmd.p1 << 8) | cmd.p2
            return Response(self.content[offset : offset + (cmd.le or 0)], SW.OK)
        return Response(b"", SW.INS_NOT_SUPPORTED)

    def transmit(self, apdu: bytes) -> bytes:
        return self.access.process(Command.parse(apdu), self.files).encode()

    def close(self) -> None:
        pass
