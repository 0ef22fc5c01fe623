def finish_onboarding(profile, *, skipped: bool) -> None:
    """Onboarding is shown once: after this it never comes back."""
    profile.onboarding = profile.Onboarding.SKIPPED if skipped else profile.Onboarding.DONE
    profile.save(update_fields=["onboarding", "updated_at"])
