import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what waits for the transaction to commit (emails, tasks) at
    the end of the block, as a real commit would, so a test can assert what was sent."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
