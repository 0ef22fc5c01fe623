"""The facets the issue names, and every competency of the Systems Thinking Practitioner
standard (Crown copyright, reused under the Open Government Licence v3.0)."""

import json
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

FACETS = {
    "Purpose": [
        "Frame the situation",
        "Surface perspectives",
        "Set and critique boundaries",
        "Map the system",
        "Model dynamics",
        "Diagnose the organisation",
        "Find leverage",
        "Design interventions",
        "Decide together",
        "Evaluate and learn",
        "Imagine futures",
        "Build relationships",
        "Reflect",
    ],
    "Phase": [
        "Convene and launch",
        "Understand the system",
        "Find leverage and design",
        "Act and experiment",
        "Learn and adapt",
    ],
    "Tradition": [
        "Soft systems",
        "System dynamics",
        "Management cybernetics",
        "Critical systems",
        "Complexity",
        "Futures",
        "Evaluation",
        "Participatory and dialogic",
        "Improvement",
        "Action learning",
    ],
    "Scale": [
        "Person",
        "Team",
        "Organisation",
        "Partnership",
        "Place",
        "Sector",
        "National",
    ],
    "Participation": [
        "Analyst-led",
        "Consultative",
        "Co-designed",
        "Co-produced with people with lived experience",
    ],
    "Perspective": [
        "Practitioners",
        "People with lived experience",
        "Commissioners",
        "Funders",
        "Managers and leaders",
        "Communities and residents",
        "Researchers",
        "Elected members",
    ],
}

COMPETENCIES = Path(__file__).resolve().parent.parent / "data" / "competencies.json"


def seed(apps, schema_editor):
    for model_name, names in FACETS.items():
        model = apps.get_model("practices", model_name)
        for order, name in enumerate(names):
            model.objects.update_or_create(
                slug=slugify(name), defaults={"name": name, "order": order}
            )
    Competency = apps.get_model("practices", "Competency")
    for item in json.loads(COMPETENCIES.read_text(encoding="utf-8"))["competencies"]:
        Competency.objects.update_or_create(
            code=item["code"],
            defaults={
                "kind": item["kind"],
                "title": item["title"],
                "description": item["description"],
                "order": item["order"],
            },
        )


def unseed(apps, schema_editor):
    for model_name in [*FACETS, "Competency"]:
        apps.get_model("practices", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
