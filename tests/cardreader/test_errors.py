from cardreader.errors import PasswordBlockedError, WrongPasswordError


def test_wrong_password_reports_retries_left_without_the_password() -> None:
    err = WrongPasswordError(retries_left=2)
    assert err.retries_left == 2
    assert "2 tries left" in str(err)


def test_a_blocked_password_is_a_wrong_password() -> None:
    assert isinstance(PasswordBlockedError(retries_left=0), WrongPasswordError)
