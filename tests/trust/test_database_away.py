"""Found by the PostgreSQL restart drill of #8 (tests/trust/test_faults.py): while the
database was away, every page that needed it answered 500, "something went wrong on our
side", although nothing was wrong but the wait. Now the error handler answers 503 with a
Retry-After and says to try again in a minute; any other error is still a 500. The drill
itself proves it through gunicorn; this is the fast part for every run of the suite."""

from django.db import InterfaceError, OperationalError

from convening_site.views import server_error


def handled(error, rf):
    # Django calls the handler inside its `except`, where the error is the one being handled.
    try:
        raise error
    except Exception:
        return server_error(rf.get("/me/"))


def test_a_database_that_is_away_answers_503_and_says_to_try_again(rf):
    for error in (
        OperationalError("connection to server at 127.0.0.1 failed: Connection refused"),
        InterfaceError("connection already closed"),
    ):
        answer = handled(error, rf)

        assert answer.status_code == 503
        assert answer["Retry-After"] == "30"
        page = answer.content.decode()
        assert "We are back in a moment" in page
        assert "127.0.0.1" not in page
        assert "connection" not in page.lower()


def test_any_other_error_is_still_a_500(rf):
    answer = handled(ValueError("a bug"), rf)

    assert answer.status_code == 500
    assert "Something went wrong on our side" in answer.content.decode()


def test_connections_are_checked_before_reuse_so_a_restart_heals_by_itself(settings):
    # A connection kept between requests (CONN_MAX_AGE) is tested before each request, so one
    # broken by a database restart is replaced instead of failing the request.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
