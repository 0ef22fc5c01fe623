"""Package layout that pyproject.toml alone cannot express.

The Django project lives in the folder ``site/``, but the standard library owns the import name
``site``, so that folder is installed under the import name ``convening_site``.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        "convening_site",
        *find_packages(include=["convening*", "members*", "practices*", "events*"]),
    ],
    package_dir={"convening_site": "site"},
)
