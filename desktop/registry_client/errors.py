"""Faults that only a registry across a network can have. Each is a `SystemFault`: nothing the
person typed is wrong, so the wizard keeps it and offers to try again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Self

from desktop.messages import Message
from desktop.registration.errors import SystemFault, _field


class RegistryUnreachable(SystemFault):
    """No answer from the service (no connection, a dropped one, or no answer in time)."""

    code = "registry-unreachable"

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(
            message
            or Message(
                "A nyilvántartás nem érhető el. Semmi sem veszett el: próbálja újra.",
                "The registry cannot be reached. Nothing was lost: try again.",
            )
        )


class RegistryBusy(SystemFault):
    """The service asked this client to slow down (429); `retry_after` seconds."""

    code = "registry-busy"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            Message(
                f"A nyilvántartás most túl sok kérést kap. Próbálja újra {retry_after} "
                "másodperc múlva; semmi sem veszett el.",
                f"The registry is getting too many requests. Try again in {retry_after} "
                "seconds; nothing was lost.",
            )
        )

    def data(self) -> dict[str, object]:
        return {"retry_after": self.retry_after}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls(_field(data, "retry_after", int))


class ClientRefused(SystemFault):
    """The service refused this computer's certificate (revoked, or missing where required)."""

    code = "client-refused"

    def __init__(self) -> None:
        super().__init__(
            Message(
                "A nyilvántartás nem fogadja el ennek a gépnek a tanúsítványát. "
                "Kérjen segítséget az ügyintézőtől.",
                "The registry does not accept this computer's certificate. "
                "Please ask a member of staff for help.",
            )
        )

    def data(self) -> dict[str, object]:
        return {}

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Self:
        return cls()
