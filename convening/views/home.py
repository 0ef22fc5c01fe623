"""The home page's context: `HomePage.get_context` delegates here, so the page model never
imports the queries above it."""

from convening.home import whats_alive


def home_context(page, request) -> dict:
    return whats_alive(page, request)
