"""How allauth behaves on this site, where its settings cannot say it."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        """Repeated wrong passwords slow down whoever types them, not the account (#16, item
        10): allauth counts failures per address, so a stranger could keep the owner out. We
        count them per address and per client, beside allauth's limit per client
        (ACCOUNT_RATE_LIMITS["login_failed"]). allauth has no setting for this, so the one
        method that names the key is overridden; tests/members/test_authentication.py checks
        both sides."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"
