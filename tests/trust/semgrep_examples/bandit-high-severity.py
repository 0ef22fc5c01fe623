# ruff: noqa
# Examples for bandit at high severity: each line marked "bad" must be found.
import hashlib
import subprocess


def fingerprint(data):
    return hashlib.md5(data).hexdigest()  # bad


def convert(name):
    return subprocess.run(f"convert {name} out.png", shell=True)  # bad


def fingerprint_well(data):
    return hashlib.sha256(data).hexdigest()
