"""The reflective formats a circle session (and a reflection) can follow. Each is a list of
prompts; the reflection form shows them as sections, and the prompt marked as the commitment
("Now what?") becomes something the member said they would do. Where the format is a practice
in the library, `practice_slug` links to it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Prompt:
    key: str
    heading: str
    question: str


@dataclass(frozen=True)
class Structure:
    code: str
    name: str
    summary: str
    prompts: tuple[Prompt, ...]
    commitment_key: str = ""
    practice_slug: str = ""

    @property
    def commitment_prompt(self) -> Prompt | None:
        return next((p for p in self.prompts if p.key == self.commitment_key), None)


STRUCTURES = {
    structure.code: structure
    for structure in [
        Structure(
            "what-so-what-now-what",
            "What? So what? Now what?",
            "Three questions that move from what happened, to what it means, to what you will "
            "do next.",
            (
                Prompt("what", "What?", "What happened? What did you notice?"),
                Prompt("so_what", "So what?", "Why does it matter? What sense do you make of it?"),
                Prompt("now_what", "Now what?", "What will you do, or try, next?"),
            ),
            commitment_key="now_what",
            practice_slug="what-so-what-now-what",
        ),
        Structure(
            "gibbs",
            "Gibbs' reflective cycle",
            "Six steps from describing an experience to an action plan.",
            (
                Prompt("description", "Description", "What happened?"),
                Prompt("feelings", "Feelings", "What were you thinking and feeling?"),
                Prompt("evaluation", "Evaluation", "What was good and bad about it?"),
                Prompt("analysis", "Analysis", "What sense can you make of it?"),
                Prompt("conclusion", "Conclusion", "What else could you have done?"),
                Prompt("action_plan", "Action plan", "If it arose again, what would you do?"),
            ),
            commitment_key="action_plan",
            practice_slug="gibbs-reflective-cycle",
        ),
        Structure(
            "action-learning",
            "Action learning",
            "One presenter brings a live problem; the set asks open questions, not advice; the "
            "presenter leaves with an action.",
            (
                Prompt("issue", "The issue", "What problem or opportunity was brought?"),
                Prompt("questions", "Questions that helped", "Which questions opened it up?"),
                Prompt("insight", "Insight", "What do you see now that you did not before?"),
                Prompt("action", "Action", "What will you do before the next session?"),
            ),
            commitment_key="action",
            practice_slug="action-learning",
        ),
        Structure(
            "troika",
            "Troika consulting",
            "In threes: one shares a challenge, two consult while the first listens with their "
            "back turned, then all three reflect.",
            (
                Prompt("challenge", "My challenge", "What challenge did you bring or hear?"),
                Prompt("heard", "What I heard", "What did the consultants offer?"),
                Prompt("try", "What I will try", "What will you try?"),
            ),
            commitment_key="try",
            practice_slug="troika-consulting",
        ),
        Structure(
            "value-creation",
            "Value-creation cycles",
            "Wenger-Trayner's cycles: from the value of taking part to the difference it makes.",
            (
                Prompt("immediate", "Immediate value", "What was worthwhile in itself?"),
                Prompt("potential", "Potential value", "What did you gain: knowledge, contacts?"),
                Prompt("applied", "Applied value", "What did you, or will you, do differently?"),
                Prompt("realised", "Realised value", "What difference has it made to results?"),
            ),
            commitment_key="applied",
            practice_slug="value-creation-framework",
        ),
        Structure(
            "open",
            "Open reflection",
            "No set questions: write what matters.",
            (Prompt("reflection", "Reflection", "What is on your mind?"),),
        ),
    ]
}

STRUCTURE_CHOICES = [(code, structure.name) for code, structure in STRUCTURES.items()]
DEFAULT_STRUCTURE = "what-so-what-now-what"


def structure_of(code: str) -> Structure:
    return STRUCTURES.get(code) or STRUCTURES["open"]
