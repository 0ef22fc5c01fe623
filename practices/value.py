"""The value-creation cycles of Wenger-Trayner's framework, shared by stories and reflections so
that evidence of impact can be counted across both."""

from django.db import models


class ValueCycle(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate value: the activity itself was worthwhile"
    POTENTIAL = "potential", "Potential value: knowledge, skills, connections gained"
    APPLIED = "applied", "Applied value: something was done differently"
    REALISED = "realised", "Realised value: a difference in results"
    TRANSFORMATIVE = "transformative", "Transformative value: a rethink of what matters"
    ORIENTING = "orienting", "Orienting value: a better sense of the landscape"
    ENABLING = "enabling", "Enabling value: conditions for learning improved"
    STRATEGIC = "strategic", "Strategic value: stakeholders' agendas were shaped"

    @property
    def short(self):
        return self.label.split(":")[0]
