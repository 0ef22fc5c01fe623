def comma_separated_tags(text: str) -> list[str]:
    """Split typed tags on commas only, keeping multi-word tags whole and dropping repeats."""
    seen = {}
    for raw in (text or "").split(","):
        tag = " ".join(raw.split())[:100]
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return sorted(seen.values(), key=str.lower)


def join_tags(tags) -> str:
    return ", ".join(sorted((tag.name for tag in tags), key=str.lower))
