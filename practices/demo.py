"""The practice library of the demo community: practices described in our own words with honest
credit to the people who created them, stories in the spirit of the conveners' survey, two
collections, the shared vocabulary, readings and funding sources.

Idempotent: everything is found by its slug (or title) first, and pages that exist are left alone,
so a rerun keeps what editors changed. Facets and competencies come from migrations."""

from datetime import date, timedelta

from django.utils.html import escape, format_html
from django.utils.text import slugify
from wagtail.models import ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from members.models import Sector, User

from .demo_images import illustrate
from .models import (
    CollectionPage,
    CollectionStep,
    Competency,
    Concept,
    FundingSource,
    Participation,
    Perspective,
    Phase,
    PracticeIndexPage,
    PracticePage,
    PracticeRelation,
    Purpose,
    Reading,
    Scale,
    StoryAuthor,
    StoryPage,
    StoryPractice,
    StoryValue,
    Tradition,
)

# Helpers that keep the data below readable ----------------------------------------------------


def rich(*paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def bullets(*items, intro=""):
    lead = rich(intro) if intro else ""
    return lead + "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def sources(*items):
    """Key sources as a list: each item is a reference, or (reference, url)."""
    rows = []
    for item in items:
        if isinstance(item, tuple):
            text, url = item
            rows.append(format_html('<li><a href="{}">{}</a></li>', url, text))
        else:
            rows.append(format_html("<li>{}</li>", item))
    return "<ul>" + "".join(rows) + "</ul>"


def step(title, description, minutes=None, group="", output=""):
    return {
        "title": title,
        "description": description,
        "minutes": minutes,
        "group_configuration": group,
        "output": output,
    }


def phase(title, *steps):
    return {"type": "phase", "value": {"title": title, "steps": list(steps)}}


LIBERATING_STRUCTURES = (
    "Liberating Structures are shared by Henri Lipmanowicz and Keith McCandless under a Creative "
    "Commons licence (CC BY-NC 3.0). This page is our own description; see the key sources."
)
OWN_WORDS = "Written in our own words for this library; see the key sources for the originals."


# The shared vocabulary -------------------------------------------------------------------------

# (slug, name, definition, source)
CONCEPTS = [
    (
        "feedback",
        "Feedback",
        "A loop in which a change travels through a chain of causes and comes back to affect itself. Reinforcing loops amplify change (success breeds success; decline feeds decline); balancing loops pull things back towards a goal or a limit. Most stubborn patterns in public services are held in place by loops nobody drew.",
        "Cybernetics (Norbert Wiener, 1948) and system dynamics",
    ),
    (
        "emergence",
        "Emergence",
        "What a whole does that none of its parts does alone, because of how the parts interact: trust in a partnership, a queue in an emergency department, the feel of a neighbourhood. You cannot find it by taking the system apart, and you cannot order it into being; you can only change the conditions it comes from.",
        "A long-standing idea in philosophy and the systems sciences",
    ),
    (
        "requisite-variety",
        "Requisite variety",
        "Only variety can absorb variety: whatever is trying to steer a situation needs at least as many ways of responding as the situation has ways of changing. A service with one standard offer for very different lives will keep failing at the edges, however hard people work.",
        "W. Ross Ashby, An Introduction to Cybernetics (1956)",
    ),
    (
        "boundaries",
        "Boundaries",
        "Every description of a system draws a line around what counts: which people, issues, costs and knowledge are inside, and which are left out. Boundaries are choices with consequences, so they deserve to be made openly and questioned, especially by the people they leave out.",
        "C. West Churchman, Werner Ulrich and Gerald Midgley",
    ),
    (
        "leverage-points",
        "Leverage points",
        "Places in a system where a small shift can lead to large changes in behaviour. The easiest places to push (budgets, targets, numbers) are usually the weakest; rules, information flows, goals and the mindset the system grows from are harder to reach and far more powerful.",
        "Donella Meadows, Leverage Points (1999)",
    ),
    (
        "stocks-and-flows",
        "Stocks and flows",
        "A stock is something that accumulates (people on a waiting list, trust, money in a fund); flows fill and drain it. Stocks change only as fast as their flows allow, which is why systems have momentum and why fixing an inflow takes time to show.",
        "System dynamics (Jay Forrester)",
    ),
    (
        "delays",
        "Delays",
        "The time between an action and its effect. Delays make people overreact, give up on things that were working, or keep doing things that have already started to do harm. Naming the delays in a loop is often the most useful thing a group can do.",
        "System dynamics",
    ),
    (
        "non-linearity",
        "Non-linearity",
        "Effects that are not proportional to their causes: a small change tips a system into a new pattern, or a big push achieves almost nothing. Thresholds, saturation and feedback are common reasons.",
        "Complexity science and system dynamics",
    ),
    (
        "multiple-perspectives",
        "Multiple perspectives",
        "The same situation is a different system to each person who looks at it, because each brings a different worldview about what it is for. Working systemically means making those worldviews visible and treating them as information, not noise.",
        "Soft systems thinking (Peter Checkland's Weltanschauung)",
    ),
    (
        "self-organisation",
        "Self-organisation",
        "Order that arises from local interactions without anyone directing the whole: mutual aid groups after a flood, informal workarounds in a hospital. Conveners often work by creating conditions for it rather than by running things.",
        "Complexity science",
    ),
    (
        "complex-adaptive-systems",
        "Complex adaptive systems",
        "Systems made of many agents who learn and adapt to each other, so the whole keeps changing and cannot be predicted in detail. Places, services and communities behave like this, which is why plans work better as experiments.",
        "Complexity science (John Holland and the Santa Fe Institute)",
    ),
    (
        "posiwid",
        "The purpose of a system is what it does",
        "Judge a system by what it reliably produces rather than by what it says it is for. If a referral pathway reliably produces people bounced between services, that, for now, is what it is for, and the question is what keeps it that way.",
        "Stafford Beer",
    ),
    (
        "double-loop-learning",
        "Double-loop learning",
        "Single-loop learning corrects actions to meet a goal; double-loop learning questions the goal and the assumptions behind it. Systems change usually needs the second kind, and most performance management only rewards the first.",
        "Chris Argyris and Donald Schön (1974, 1978)",
    ),
    (
        "mental-models",
        "Mental models",
        "The pictures of how the world works that people carry and act on, mostly without noticing. They shape what people see as possible; surfacing them in a group is often where change begins.",
        "Kenneth Craik (1943); Peter Senge (1990)",
    ),
    (
        "adaptive-cycle",
        "Adaptive cycle",
        "A pattern seen in ecosystems and organisations: rapid growth, then conservation (efficient but rigid), then release (collapse or letting go), then reorganisation, when new things can take root. It helps groups decide what to nurture, what to let go and what to start.",
        "C. S. Holling and the resilience tradition",
    ),
    (
        "power",
        "Power",
        "Who can make things happen, stop them, or keep them off the agenda. Power is visible (formal decisions), hidden (who sets the agenda) and invisible (what people believe is normal or possible). Convening always works with power, whether it names it or not.",
        "Steven Lukes (1974); John Gaventa's power cube",
    ),
    (
        "communities-of-practice",
        "Communities of practice",
        "People who share a concern or a craft and learn how to do it better by interacting regularly. Learning lives in the practice and in the relationships as much as in documents.",
        "Jean Lave and Etienne Wenger (1991)",
    ),
    (
        "systems-convening",
        "Systems convening",
        "Bringing people together across the boundaries of a social landscape (organisations, sectors, professions, communities) so that they can learn and act together on something none of them can change alone.",
        "Etienne and Beverly Wenger-Trayner, Systems Convening (2021)",
    ),
]


# Practices --------------------------------------------------------------------------------------

# Each practice: the spine fields, then facets by slug (competencies by code), tags, relations to
# other practices by slug, and how many days ago it was last reviewed (None: never).
PRACTICES = [
    {
        "title": "Soft Systems Methodology",
        "kind": "methodology",
        "span": "sessions",
        "experience": "experienced",
        "summary": "Learning your way into a messy, contested situation by building models of purposeful activity from different worldviews and comparing them with what really happens.",
        "makes_possible": rich(
            "People who see a situation very differently can explore it together without first agreeing what the problem is. Each worldview becomes a small model of purposeful activity, and comparing those models with the real situation turns disagreement into material for a debate about change.",
            "The aim is not an optimal answer but an accommodation: changes that are both desirable in systems terms and feasible in the culture of the people involved.",
        ),
        "when_to_use": bullets(
            "A situation is messy and people disagree about what the problem even is.",
            "You need partners with different interests to find changes they can all live with.",
            "You can meet several times with people who have a stake.",
        ),
        "when_not_to_use": bullets(
            "The problem is well defined and agreed, and the question is how to optimise.",
            "There is no time for more than one session.",
            "The people who hold power will not take part in the debate.",
        ),
        "steps": [
            phase(
                "Find out about the situation",
                step(
                    "Draw the situation",
                    "Build a rich picture with the people involved: actors, relationships, worries, conflicts, what people care about.",
                    None,
                    "small groups",
                    "rich picture",
                ),
                step(
                    "Look at the intervention itself",
                    "Name who asked for this work, who is doing it and who owns the issue. Conveners are part of the situation too.",
                    None,
                    "whole group",
                ),
                step(
                    "Look at culture and politics",
                    "Explore the roles, norms and values in play, and what gives people power here (budgets, expertise, reputation, access).",
                    None,
                    "small groups",
                    "notes on roles, norms, values and power",
                ),
            ),
            phase(
                "Build models of purposeful activity",
                step(
                    "Choose relevant systems",
                    "Pick a few contrasting worldviews that could make sense of the situation, including uncomfortable ones.",
                    None,
                    "whole group",
                ),
                step(
                    "Write root definitions",
                    "For each, one sentence of the form: a system to do P, by means of Q, in order to achieve R. Check it with CATWOE.",
                    None,
                    "pairs",
                    "root definitions",
                ),
                step(
                    "Model the activities",
                    "Sketch the five to nine activities the system would need, linked by dependency, plus how it would be monitored.",
                    None,
                    "pairs",
                    "activity models",
                ),
            ),
            phase(
                "Compare and debate",
                step(
                    "Compare models with the real world",
                    "Take each activity in turn: does it happen here? How, by whom, and how is it judged? Where are the gaps?",
                    None,
                    "small groups",
                    "comparison table",
                ),
                step(
                    "Debate possible changes",
                    "Look for changes that are both desirable and culturally feasible, and seek accommodation rather than consensus.",
                    None,
                    "whole group",
                    "agreed changes",
                ),
            ),
            phase(
                "Act, then go round again",
                step(
                    "Take action",
                    "Make the agreed changes, then treat the new situation as the start of another round of learning.",
                    None,
                    "partners",
                ),
            ),
        ],
        "materials": "Large paper, markers and sticky notes, or a shared online whiteboard.",
        "minutes": (180, None),
        "group": (4, 20),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "The models are devices for structuring debate, not descriptions of the real world: mixing the two up is the commonest trap.",
            "Build models from several worldviews, not just the commissioner's.",
            "The cultural and political analysis is easy to skip and is often where the insight is.",
        ),
        "variations": rich(
            "Checkland later described a lighter form as four activities: find out, model, compare and debate, act. Many conveners use only the rich picture and CATWOE; that is fine, but say so."
        ),
        "outputs": "Rich pictures, root definitions, activity models, a comparison table, agreed changes",
        "originators": "Peter Checkland with colleagues at Lancaster University (among them Brian Wilson, Jim Scholes and Sue Holwell)",
        "origin_year": 1981,
        "attribution": "documented",
        "key_sources": sources(
            "Checkland, P. (1981) Systems Thinking, Systems Practice. Wiley.",
            "Checkland, P. and Scholes, J. (1990) Soft Systems Methodology in Action. Wiley.",
            "Checkland, P. and Poulter, J. (2006) Learning for Action. Wiley.",
        ),
        "purposes": [
            "frame-the-situation",
            "surface-perspectives",
            "map-the-system",
            "design-interventions",
            "decide-together",
        ],
        "phases": ["understand-the-system", "find-leverage-and-design"],
        "traditions": ["soft-systems"],
        "scales": ["organisation", "partnership", "place"],
        "participation": ["co-designed"],
        "sectors": ["health", "social-care", "local-government"],
        "competencies": ["K1", "K2", "S2", "S3", "S6", "B9"],
        "concepts": ["multiple-perspectives", "boundaries", "mental-models"],
        "tags": ["soft systems", "worldviews", "learning cycle"],
        "relations": [("followed_by", "theory-of-change")],
        "reviewed": 120,
    },
    {
        "title": "Rich pictures",
        "kind": "tool",
        "span": "workshop",
        "experience": "none",
        "summary": "Drawing a messy situation (people, relationships, worries, conflicts) on one big sheet, so a group can see it together before deciding what the problem is.",
        "makes_possible": rich(
            "A picture holds more than a list: relationships, tensions and feelings sit side by side, and people who would not speak first can draw. Nobody has to agree a problem statement, so the whole situation appears, awkward parts included, and the group starts to build a shared language.",
        ),
        "when_to_use": bullets(
            "At the very start of a piece of work, or at a first gathering of people from different organisations.",
            "When a situation feels tangled and everyone tells it differently.",
        ),
        "when_not_to_use": bullets(
            "When the group must make a decision today.",
            "When people fear that what they draw will be used against them: build trust first, or draw anonymously.",
        ),
        "steps": [
            phase(
                "Prepare",
                step(
                    "Set up paper and pens",
                    "A large sheet per group and plenty of markers; no laptops. Online, a shared whiteboard with a few icons ready.",
                    5,
                    "whole group",
                ),
                step(
                    "Invite, don't instruct",
                    "Say there is no right way: stick figures are fine, crossed swords for conflict, thought bubbles for worries, arrows for flows of money or information.",
                    5,
                    "whole group",
                ),
            ),
            phase(
                "Draw",
                step(
                    "Everyone draws at once",
                    "Put in the people and organisations, what they care about, what flows between them, where it hurts. Put yourselves in the picture too.",
                    25,
                    "groups of 3 to 6",
                    "rich picture",
                ),
                step(
                    "Look for who is missing",
                    "Ask whose voice is not on the sheet, and add them, or a question mark where they should be.",
                    5,
                    "groups of 3 to 6",
                ),
            ),
            phase(
                "Talk about it",
                step(
                    "Tell the story of the picture",
                    "Each group walks another group through its picture; the listeners ask what surprised them.",
                    15,
                    "pairs of groups",
                ),
                step(
                    "Name the themes",
                    "Gather what people noticed: patterns, tensions, where the energy is, questions worth exploring.",
                    10,
                    "whole group",
                    "list of themes and questions",
                ),
            ),
        ],
        "materials": "Flipchart or lining paper, thick markers in several colours, sticky notes; or a shared online whiteboard.",
        "minutes": (40, 90),
        "group": (3, 30),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Resist tidying it into a flow chart: the mess is the point.",
            "The facilitator should not hold the pen.",
            "Photograph it before anyone leaves; it will be useful at the next gathering.",
            "Symbols for conflict and worry are where the conversation usually starts.",
        ),
        "variations": rich(
            "Individual pictures first, then merged. A rich picture of a hoped-for future, to open a futures conversation. Online with a shared whiteboard and an icon library, though the energy is lower than on paper."
        ),
        "outputs": "A rich picture; a list of themes and questions",
        "originators": "Peter Checkland and colleagues, as part of Soft Systems Methodology",
        "origin_year": 1981,
        "attribution": "documented",
        "key_sources": sources(
            "Checkland, P. (1981) Systems Thinking, Systems Practice. Wiley.",
            (
                "The Open University, free courses on systems diagramming (OpenLearn)",
                "https://www.open.edu/openlearn/",
            ),
        ),
        "purposes": ["frame-the-situation", "surface-perspectives", "map-the-system"],
        "phases": ["convene-and-launch", "understand-the-system"],
        "traditions": ["soft-systems", "participatory-and-dialogic"],
        "scales": ["team", "partnership", "place"],
        "participation": ["co-designed", "co-produced-with-people-with-lived-experience"],
        "sectors": [],
        "competencies": ["S3", "S4", "S5", "B3", "B9"],
        "concepts": ["multiple-perspectives", "boundaries"],
        "tags": ["drawing", "first gathering", "soft systems"],
        "relations": [
            ("part_of", "soft-systems-methodology"),
            ("followed_by", "catwoe"),
            ("followed_by", "boundary-critique"),
        ],
        "reviewed": 30,
    },
    {
        "title": "CATWOE",
        "kind": "tool",
        "span": "activity",
        "experience": "some",
        "summary": "Six prompts (customers, actors, transformation, worldview, owners, environment) for saying clearly what a purposeful system does, from one point of view at a time.",
        "makes_possible": rich(
            "It makes people say which worldview they are standing in. Writing one CATWOE per stakeholder shows quickly that the same service is a different system to a GP, a housing officer and a tenant, and that each expects a different transformation from it.",
        ),
        "when_to_use": bullets(
            "After a rich picture, to turn themes into clear definitions of relevant systems.",
            "To compare how partners understand a shared service or programme.",
        ),
        "when_not_to_use": bullets(
            "As a checklist to describe the one true system: it only ever gives one view.",
            "With people who have just met and need to get to know each other first.",
        ),
        "steps": [
            phase(
                "Define a system from one point of view",
                step(
                    "Choose the transformation",
                    "T: what input is changed into what output? Phrase it as a change, for example people at risk of losing their home become people securely housed.",
                    10,
                    "pairs",
                    "transformation statement",
                ),
                step(
                    "Name the worldview",
                    "W: the belief that makes this transformation worth doing. Write it down; it is usually the most revealing line.",
                    5,
                    "pairs",
                ),
                step(
                    "Fill in the others",
                    "C: who benefits or loses. A: who carries it out. O: who could stop it. E: what is taken as given from outside.",
                    15,
                    "pairs",
                    "CATWOE table",
                ),
                step(
                    "Write a root definition",
                    "One sentence: a system to do P, by means of Q, in order to achieve R.",
                    10,
                    "pairs",
                    "root definition",
                ),
                step(
                    "Compare worldviews",
                    "Put two or three CATWOEs side by side and ask what changes when the worldview changes.",
                    15,
                    "whole group",
                ),
            ),
        ],
        "materials": "A six-row table per pair, on paper or a shared document.",
        "minutes": (30, 60),
        "group": (2, 16),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "The transformation is the hardest part and the most useful one.",
            "Customers include people on the receiving end who never asked for it.",
            "Owners are whoever could stop the system: often a funder, a board or a regulator.",
        ),
        "variations": rich(
            "PQR on its own (do P, by Q, to achieve R) as a quick version. Add the three Es (efficacy, efficiency, effectiveness) to agree how the system should be judged."
        ),
        "outputs": "CATWOE tables and root definitions, one per worldview",
        "originators": "David Smyth and Peter Checkland",
        "origin_year": 1976,
        "attribution": "documented",
        "key_sources": sources(
            "Smyth, D. S. and Checkland, P. B. (1976) Using a systems approach: the structure of root definitions. Journal of Applied Systems Analysis, 5(1).",
            "Checkland, P. and Poulter, J. (2006) Learning for Action. Wiley.",
        ),
        "purposes": ["frame-the-situation", "surface-perspectives"],
        "phases": ["understand-the-system"],
        "traditions": ["soft-systems"],
        "scales": ["team", "organisation", "partnership"],
        "participation": ["consultative", "co-designed"],
        "sectors": [],
        "competencies": ["K2", "S1", "S2", "S6"],
        "concepts": ["multiple-perspectives", "posiwid"],
        "tags": ["soft systems", "root definition"],
        "relations": [("part_of", "soft-systems-methodology")],
        "reviewed": 200,
    },
    {
        "title": "Viable System Model",
        "kind": "model",
        "span": "sessions",
        "experience": "specialist",
        "summary": "Stafford Beer's model of the functions any organisation or partnership needs to survive in a changing world, and of the balance of variety between them.",
        "makes_possible": rich(
            "A way to diagnose why an organisation or partnership keeps struggling in the same way (no coordination between teams, nobody looking outward, too much central control) and to design one that stays adaptable: autonomy where the work is done, and just enough cohesion.",
        ),
        "when_to_use": bullets(
            "Diagnosing a partnership or organisation that keeps failing in the same way.",
            "Designing governance for a network or an alliance.",
            "When people argue about centralising versus devolving.",
        ),
        "when_not_to_use": bullets(
            "As an organisation chart: it describes functions, not people or departments.",
            "With a group new to systems thinking and no time to learn the language.",
            "When what is needed first is relationships and trust.",
        ),
        "steps": [
            phase(
                "Establish identity and focus",
                step(
                    "Agree the system in focus",
                    "Name the viable system you are looking at, the larger system it is part of, and the smaller ones within it.",
                    None,
                    "core team",
                    "recursion levels",
                ),
                step(
                    "Name the operational units",
                    "System 1: the parts that do what the whole exists to do.",
                    None,
                    "core team",
                ),
            ),
            phase(
                "Diagnose the functions",
                step(
                    "Coordination",
                    "System 2: what stops the operational units from getting in each other's way?",
                    None,
                    "interviews and workshop",
                ),
                step(
                    "Delivery and synergy",
                    "System 3, with its audit channel: how are resources bargained and performance understood, without micromanaging?",
                    None,
                    "interviews and workshop",
                ),
                step(
                    "Intelligence",
                    "System 4: who looks outward and ahead, and is anyone listening to them?",
                    None,
                    "interviews and workshop",
                ),
                step(
                    "Policy and identity",
                    "System 5: who holds the identity and purpose, and balances today's demands against the future?",
                    None,
                    "interviews and workshop",
                    "diagnosis of weak or missing functions",
                ),
            ),
            phase(
                "Check variety and redesign",
                step(
                    "Check the variety balance",
                    "For each relationship, does the managing part have enough capacity to match the complexity it faces? Where is variety being amplified or filtered?",
                    None,
                    "core team",
                ),
                step(
                    "Propose and test changes",
                    "Suggest redesigns and test them with the people who do each function.",
                    None,
                    "whole group",
                    "redesign proposals",
                ),
            ),
        ],
        "materials": "VSM diagrams on large paper or in a diagramming tool; interview notes.",
        "minutes": (240, None),
        "group": (3, 15),
        "modes": {"in_person", "online"},
        "tips_and_traps": bullets(
            "Start with identity and levels of recursion: most confusion comes from mixing levels.",
            "Many partnerships find that looking outward and forward (System 4) is nobody's job.",
            "The vocabulary is heavy; translate it for the people you work with.",
        ),
        "variations": rich(
            "A light diagnostic conversation using only the five functions as questions. Raul Espejo and others have written methods for using the model in diagnosis."
        ),
        "outputs": "A VSM diagram of the system in focus, a diagnosis, redesign proposals",
        "originators": "Stafford Beer",
        "origin_year": 1972,
        "attribution": "documented",
        "key_sources": sources(
            "Beer, S. (1972) Brain of the Firm. Allen Lane.",
            "Beer, S. (1979) The Heart of Enterprise. Wiley.",
            "Beer, S. (1985) Diagnosing the System for Organizations. Wiley.",
            "Espejo, R. and Reyes, A. (2011) Organizational Systems: Managing Complexity with the Viable System Model. Springer.",
        ),
        "purposes": ["diagnose-the-organisation", "design-interventions"],
        "phases": ["understand-the-system", "find-leverage-and-design"],
        "traditions": ["management-cybernetics"],
        "scales": ["organisation", "partnership"],
        "participation": ["analyst-led", "consultative"],
        "sectors": ["local-government", "health"],
        "competencies": ["K1", "K2", "S2", "S3", "S7"],
        "concepts": ["requisite-variety", "feedback", "posiwid"],
        "tags": ["cybernetics", "governance", "organisational design"],
        "relations": [],
        "reviewed": 420,
    },
    {
        "title": "Critical Systems Heuristics",
        "kind": "methodology",
        "span": "sessions",
        "experience": "experienced",
        "summary": "Twelve boundary questions, asked as 'is' and as 'ought', that reveal whose purposes, knowledge and interests a plan serves, and who is affected without having a say.",
        "makes_possible": rich(
            "Every plan rests on judgements about what is in and out of bounds. CSH makes those judgements open to debate, and gives people affected by a plan a fair way to challenge experts: the experts' boundaries turn out to be value choices too.",
            "For conveners it is a discipline for noticing who is excluded, and for asking it aloud.",
        ),
        "when_to_use": bullets(
            "A plan or service design is being decided and you want to check whose interests it serves.",
            "People affected by decisions and decision-makers can meet in the same room.",
            "Evaluating the claims a programme makes about itself.",
        ),
        "when_not_to_use": bullets(
            "As an abstract exercise with none of the people who are affected.",
            "When trust is so low that the questions will be heard as an attack; prepare first.",
        ),
        "steps": [
            phase(
                "Agree what is being looked at",
                step(
                    "Name the system in question",
                    "A plan, service or proposal that is at stake for the people present.",
                    15,
                    "whole group",
                ),
            ),
            phase(
                "Ask the twelve questions",
                step(
                    "Ask them as they are",
                    "Four groups of three: motivation (who benefits, what purpose, what counts as improvement), control (who decides, what resources, what is outside their control), knowledge (who is the expert, what expertise, what guarantees success), legitimacy (who speaks for those affected, how they can challenge, whose worldview).",
                    60,
                    "four small groups",
                    "table of 'is' answers",
                ),
                step(
                    "Ask them as they ought to be",
                    "The same questions, now asking what should be the case.",
                    45,
                    "four small groups",
                    "table of 'ought' answers",
                ),
            ),
            phase(
                "Compare and challenge",
                step(
                    "Look at the gaps",
                    "Where do 'is' and 'ought' differ, and who would have to change what?",
                    30,
                    "whole group",
                    "list of boundary gaps and proposals",
                ),
            ),
        ],
        "materials": "The twelve questions in plain language, printed large; two tables ('is' and 'ought').",
        "minutes": (150, 240),
        "group": (6, 30),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Translate the questions into plain language before the session.",
            "If the group is angry, ask the 'ought' questions first.",
            "The legitimacy questions, about those affected but not involved, are the heart of it.",
        ),
        "variations": rich(
            "Boundary critique as a shorter version for a regular gathering. Martin Reynolds and others use the questions to frame evaluations."
        ),
        "outputs": "Tables of 'is' and 'ought' boundary judgements; proposals for change",
        "originators": "Werner Ulrich",
        "origin_year": 1983,
        "attribution": "documented",
        "key_sources": sources(
            "Ulrich, W. (1983) Critical Heuristics of Social Planning. Haupt.",
            "Ulrich, W. and Reynolds, M. (2010) Critical Systems Heuristics. In Reynolds, M. and Holwell, S. (eds) Systems Approaches to Managing Change. Springer.",
            ("Werner Ulrich's home page", "https://wulrich.com/"),
        ),
        "purposes": ["set-and-critique-boundaries", "surface-perspectives", "evaluate-and-learn"],
        "phases": ["understand-the-system", "learn-and-adapt"],
        "traditions": ["critical-systems"],
        "scales": ["organisation", "place", "sector"],
        "participation": ["co-produced-with-people-with-lived-experience"],
        "sectors": ["health", "housing", "social-care"],
        "competencies": ["K1", "K2", "K4", "S6", "B2", "B4"],
        "concepts": ["boundaries", "power"],
        "tags": ["boundaries", "power", "ethics"],
        "relations": [],
        "reviewed": 60,
    },
    {
        "title": "Boundary critique",
        "kind": "method",
        "span": "activity",
        "experience": "some",
        "summary": "Asking, on purpose, what is inside and outside the system we are working on, who decided where the line is, and who pays for it.",
        "makes_possible": rich(
            "Boundaries are choices. Making them explicit shows who is pushed to the margin by the current framing (the homelessness system, or the housing system?) and invites the group to widen or sharpen its focus deliberately. Gerald Midgley showed how people and issues caught between two boundaries get treated as sacred or profane, and how that conflict keeps them stuck.",
        ),
        "when_to_use": bullets(
            "Early in a partnership, after a first map or rich picture.",
            "When a group keeps talking about the same people without them.",
            "When a programme's scope feels obvious: that is when it most needs questioning.",
        ),
        "when_not_to_use": bullets(
            "As a way to widen the scope forever: the point is to choose, not to include everything.",
        ),
        "steps": [
            phase(
                "Boundary questions",
                step(
                    "Draw the line",
                    "On your map or rich picture, draw a line around what your work covers now.",
                    5,
                    "whole group",
                ),
                step(
                    "Who and what is outside?",
                    "List the people, issues, costs and knowledge outside the line.",
                    10,
                    "pairs",
                    "list of what is outside",
                ),
                step(
                    "Four questions",
                    "Who benefits from the line where it is? Who decided? Whose knowledge counts inside it? Who is affected but not here?",
                    15,
                    "groups of 4",
                ),
                step(
                    "Redraw",
                    "Agree whether to widen, narrow or keep the line, and whom to invite next time.",
                    10,
                    "whole group",
                    "revised boundary; invitation list",
                ),
            ),
        ],
        "materials": "The group's map or rich picture; a different coloured pen for the boundary.",
        "minutes": (30, 60),
        "group": (4, 25),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Make the boundary physical: a line on the picture gets a better conversation than an abstract question.",
            "Write down who should be invited, and by whom, before people leave.",
        ),
        "variations": rich(
            "Use a handful of Ulrich's twelve questions instead of the four. Repeat it every few months: boundaries drift."
        ),
        "outputs": "A redrawn boundary and a list of who to invite",
        "originators": "Werner Ulrich; developed by Gerald Midgley and colleagues, with roots in C. West Churchman's work",
        "origin_year": 2000,
        "attribution": "commonly",
        "key_sources": sources(
            "Churchman, C. W. (1968) The Systems Approach. Delacorte Press.",
            "Midgley, G. (2000) Systemic Intervention: Philosophy, Methodology, and Practice. Kluwer Academic/Plenum.",
            "Ulrich, W. (1983) Critical Heuristics of Social Planning. Haupt.",
        ),
        "purposes": ["set-and-critique-boundaries", "surface-perspectives"],
        "phases": ["convene-and-launch", "understand-the-system"],
        "traditions": ["critical-systems"],
        "scales": ["team", "partnership", "place"],
        "participation": ["co-designed", "co-produced-with-people-with-lived-experience"],
        "sectors": [],
        "competencies": ["K1", "S2", "S5", "B2", "B9"],
        "concepts": ["boundaries", "power", "multiple-perspectives"],
        "tags": ["boundaries", "first gathering", "inclusion"],
        "relations": [
            ("variant_of", "critical-systems-heuristics"),
            ("followed_by", "causal-loop-diagrams"),
        ],
        "reviewed": 45,
    },
    {
        "title": "System Dynamics",
        "kind": "methodology",
        "span": "programme",
        "experience": "specialist",
        "summary": "Modelling how stocks, flows, feedback loops and delays produce a system's behaviour over time, often with computer simulation.",
        "makes_possible": rich(
            "It shows why well-meant policies backfire (a discharge target that fills readmissions, a recruitment drive that burns out the people who train newcomers), lets decision-makers test policies in a simulation before trying them on people, and gives a group a shared causal explanation for a pattern they all recognise.",
        ),
        "when_to_use": bullets(
            "A problem that shows up as a pattern over time: a growing waiting list, churn in a workforce.",
            "There is some data, and someone who can build and look after a model.",
            "Leaders want to test what-if policies.",
        ),
        "when_not_to_use": bullets(
            "The issue is mainly about meaning, values or conflict.",
            "Nobody will own the model after the modeller leaves.",
            "A simulation's apparent precision would be mistaken for a forecast.",
        ),
        "steps": [
            phase(
                "Describe the problem",
                step(
                    "Graph the behaviour",
                    "Sketch how the key variables have behaved over time, and what people fear or hope they will do.",
                    None,
                    "workshop",
                    "reference mode graphs",
                ),
                step(
                    "Agree the time horizon",
                    "Far enough back to see the pattern's causes, far enough ahead to see policy effects.",
                    None,
                    "core team",
                ),
            ),
            phase(
                "Hypothesise and formulate",
                step(
                    "Propose a dynamic hypothesis",
                    "The feedback structure that could produce the behaviour, drawn as a causal loop diagram.",
                    None,
                    "workshop",
                    "causal loop diagram",
                ),
                step(
                    "Build the model",
                    "Stocks, flows, equations and parameters, from data and expert judgement.",
                    None,
                    "modeller",
                    "simulation model",
                ),
            ),
            phase(
                "Test and use",
                step(
                    "Test the model",
                    "Does it reproduce the pattern? Does it behave sensibly in extreme conditions? Which assumptions matter most?",
                    None,
                    "modeller and experts",
                ),
                step(
                    "Design and test policies",
                    "Try options in the model with decision-makers and discuss what they show.",
                    None,
                    "workshop",
                    "policy insights",
                ),
            ),
        ],
        "materials": "Modelling software (for example Vensim, Stella or Insight Maker), data, workshop materials.",
        "minutes": None,
        "group": (3, 20),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Start from behaviour-over-time graphs that people recognise.",
            "Models are for learning, not forecasting.",
            "A big model built alone rarely changes anyone's mind: build it with the people who will use it.",
        ),
        "variations": rich(
            "Group model building; qualitative system dynamics that stops at causal loop diagrams."
        ),
        "outputs": "Behaviour-over-time graphs, causal loop diagrams, a simulation model, policy insights",
        "originators": "Jay W. Forrester, at MIT, from 1956",
        "origin_year": 1961,
        "attribution": "documented",
        "key_sources": sources(
            "Forrester, J. W. (1961) Industrial Dynamics. MIT Press.",
            "Sterman, J. D. (2000) Business Dynamics: Systems Thinking and Modeling for a Complex World. McGraw-Hill.",
            ("The System Dynamics Society", "https://systemdynamics.org/"),
        ),
        "purposes": ["model-dynamics", "find-leverage", "design-interventions"],
        "phases": ["understand-the-system", "find-leverage-and-design"],
        "traditions": ["system-dynamics"],
        "scales": ["organisation", "sector", "national"],
        "participation": ["analyst-led", "co-designed"],
        "sectors": ["health", "local-government"],
        "competencies": ["K2", "S1", "S3", "S4", "B6"],
        "concepts": ["feedback", "stocks-and-flows", "delays", "non-linearity"],
        "tags": ["modelling", "simulation", "feedback"],
        "relations": [],
        "reviewed": 150,
    },
    {
        "title": "Causal loop diagrams",
        "kind": "tool",
        "span": "workshop",
        "experience": "some",
        "summary": "A map of what drives what, with each arrow marked same or opposite direction, so a group can find the reinforcing and balancing loops behind a stubborn pattern.",
        "makes_possible": rich(
            "It moves a group from blaming people to seeing structure: the loop that keeps a waiting list growing, or the one that makes every pilot fade after its funding ends. Once a loop has a name, people can talk about where to intervene without anyone being the villain.",
        ),
        "when_to_use": bullets(
            "After a rich picture has surfaced themes.",
            "When a pattern keeps coming back despite everyone's efforts.",
        ),
        "when_not_to_use": bullets(
            "To present to people who did not build it: big diagrams make people switch off.",
            "When you need numbers; go on to a stock-and-flow model.",
        ),
        "steps": [
            phase(
                "Start from a pattern",
                step(
                    "Sketch the behaviour over time",
                    "Draw a graph of a trend that worries the group, and one of the trend they would like.",
                    10,
                    "small groups",
                    "behaviour-over-time graph",
                ),
            ),
            phase(
                "Build the loops",
                step(
                    "List the variables",
                    "Things that can go up or down, named neutrally: 'trust between partners', not 'lack of trust'.",
                    10,
                    "small groups",
                ),
                step(
                    "Link them",
                    "Draw arrows for 'affects', marking each same (s) or opposite (o). Test each: if this goes up, all else equal, what happens to that?",
                    20,
                    "small groups",
                ),
                step(
                    "Find the loops",
                    "Label each closed loop reinforcing (R) or balancing (B), and mark delays.",
                    15,
                    "small groups",
                    "causal loop diagram",
                ),
            ),
            phase(
                "Make sense of it",
                step(
                    "Tell the story of each loop",
                    "Walk round each loop in words, as a story someone outside the room would understand.",
                    10,
                    "whole group",
                ),
                step(
                    "Ask where to intervene",
                    "Which link or delay could the people here change?",
                    10,
                    "whole group",
                    "possible leverage points",
                ),
            ),
        ],
        "materials": "Large paper and sticky notes, or Kumu, Loopy or a shared whiteboard online.",
        "minutes": (45, 120),
        "group": (3, 15),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Name variables as quantities, never as good or bad things.",
            "Present one loop at a time; a full diagram is for the people who built it.",
            "Mark delays: they explain most of the surprises.",
        ),
        "variations": rich(
            "Connection circles, a simpler start used with schools and community groups. Online with Loopy, which animates the loops."
        ),
        "outputs": "A causal loop diagram; named loops; possible leverage points",
        "originators": "The system dynamics community from the 1970s; popularised by Peter Senge's The Fifth Discipline (1990)",
        "origin_year": 1990,
        "attribution": "commonly",
        "key_sources": sources(
            "Maruyama, M. (1963) The second cybernetics: deviation-amplifying mutual causal processes. American Scientist, 51(2). An early source of loop thinking.",
            "Senge, P. (1990) The Fifth Discipline. Doubleday.",
            "Sterman, J. D. (2000) Business Dynamics. McGraw-Hill.",
        ),
        "purposes": ["map-the-system", "model-dynamics", "find-leverage"],
        "phases": ["understand-the-system", "find-leverage-and-design"],
        "traditions": ["system-dynamics"],
        "scales": ["team", "organisation", "partnership", "place"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["K1", "S1", "S3", "S4"],
        "concepts": ["feedback", "delays", "mental-models"],
        "tags": ["mapping", "feedback", "first gathering"],
        "relations": [
            ("part_of", "system-dynamics"),
            ("followed_by", "system-archetypes"),
            ("followed_by", "leverage-points"),
        ],
        "reviewed": 20,
    },
    {
        "title": "System archetypes",
        "kind": "model",
        "span": "workshop",
        "experience": "some",
        "summary": "A small family of recurring feedback structures (fixes that fail, shifting the burden, limits to growth, tragedy of the commons and others) that help a group recognise its own situation.",
        "makes_possible": rich(
            "Recognising an archetype gives a group a shortcut: 'this is shifting the burden' carries a whole explanation and a hint of where to act. It is also reassuring: the pattern is common, so it is nobody's personal failure.",
        ),
        "when_to_use": bullets(
            "After a causal loop diagram, to see whether a familiar structure is at work.",
            "Teaching systems thinking with real examples from the group's own work.",
        ),
        "when_not_to_use": bullets(
            "To force a situation into a template: if it does not fit, it does not fit.",
        ),
        "steps": [
            phase(
                "Recognise and use",
                step(
                    "Introduce three or four archetypes",
                    "Tell each as a short story from public services, with its loop diagram.",
                    20,
                    "whole group",
                ),
                step(
                    "Find your own examples",
                    "Which of these do you recognise in your work? Draw it with your own variables.",
                    25,
                    "small groups",
                    "archetype diagrams",
                ),
                step(
                    "Look for the usual leverage",
                    "Each archetype suggests typical places to act; test them against your situation.",
                    20,
                    "small groups",
                    "intervention ideas",
                ),
            ),
        ],
        "materials": "One-page cards per archetype with a simple diagram and a story.",
        "minutes": (60, 120),
        "group": (4, 30),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Start with fixes that fail and shifting the burden: almost everyone recognises them.",
            "Ask for a real example before explaining the theory.",
        ),
        "variations": rich(
            "Use archetypes as a diagnostic in a reflection circle: 'which archetype is my case closest to?'"
        ),
        "outputs": "Archetype diagrams of the group's own situations; intervention ideas",
        "originators": "Peter Senge, Michael Goodman, Jennifer Kemeny and colleagues at Innovation Associates, drawing on system dynamics",
        "origin_year": 1990,
        "attribution": "commonly",
        "key_sources": sources(
            "Senge, P. (1990) The Fifth Discipline. Doubleday.",
            "Kim, D. H. and Anderson, V. (1998) Systems Archetype Basics. Pegasus Communications.",
        ),
        "purposes": ["model-dynamics", "find-leverage"],
        "phases": ["understand-the-system", "find-leverage-and-design"],
        "traditions": ["system-dynamics"],
        "scales": ["team", "organisation", "partnership"],
        "participation": ["consultative", "co-designed"],
        "sectors": [],
        "competencies": ["K1", "S1", "S3", "S10"],
        "concepts": ["feedback", "delays", "leverage-points"],
        "tags": ["feedback", "patterns"],
        "relations": [("part_of", "system-dynamics"), ("followed_by", "leverage-points")],
        "reviewed": 300,
    },
    {
        "title": "Group model building",
        "kind": "method",
        "span": "sessions",
        "experience": "experienced",
        "summary": "Building a system dynamics model with the people who know the problem, in structured workshops, so they own both the model and its insights.",
        "makes_possible": rich(
            "Leaders and practitioners surface and test their mental models together, reach a shared explanation of a problem, and commit to actions because they built the reasoning themselves. The model becomes a boundary object that different organisations can argue about productively.",
        ),
        "when_to_use": bullets(
            "A cross-organisational problem with a clear pattern over time.",
            "Senior people willing to give two or more half days.",
        ),
        "when_not_to_use": bullets(
            "Without a skilled facilitation team (facilitator, modeller, recorder).",
            "If the decision has already been made and the workshop is for show.",
        ),
        "steps": [
            phase(
                "Prepare",
                step(
                    "Form the team and the group",
                    "A facilitator, a modeller who reflects the model back, a recorder and a gatekeeper from the client; 8 to 15 participants across the system.",
                    None,
                    "core team",
                ),
                step(
                    "Interview key people",
                    "Understand the problem, the politics and the hopes before the first workshop.",
                    None,
                    "one to one",
                ),
            ),
            phase(
                "Workshops",
                step(
                    "Hopes and fears",
                    "Everyone writes what they hope the work achieves and what they fear.",
                    20,
                    "whole group",
                ),
                step(
                    "Elicit variables and graphs",
                    "Participants name key variables and sketch how they have behaved over time.",
                    45,
                    "whole group",
                    "variables and reference graphs",
                ),
                step(
                    "Elicit structure",
                    "Build feedback loops together with the modeller drawing live.",
                    90,
                    "whole group",
                    "causal structure",
                ),
                step(
                    "Review the model",
                    "Between workshops the modeller formalises it; participants test whether it behaves as they know the world to.",
                    90,
                    "whole group",
                    "validated model; policy options",
                ),
            ),
        ],
        "materials": "A room with long walls, projector, modelling software; Scriptapedia scripts.",
        "minutes": (180, 360),
        "group": (8, 15),
        "modes": {"in_person", "hybrid"},
        "tips_and_traps": bullets(
            "Use tried scripts for each activity; improvising wastes senior people's time.",
            "The gatekeeper from the client organisation makes or breaks follow-through.",
        ),
        "variations": rich(
            "Community-based system dynamics, which trains community members to lead the modelling (Peter Hovmand and colleagues)."
        ),
        "outputs": "A shared model, agreed insights and policy options",
        "originators": "Jac Vennix; George Richardson and David Andersen at the University at Albany, and colleagues",
        "origin_year": 1996,
        "attribution": "documented",
        "key_sources": sources(
            "Vennix, J. A. M. (1996) Group Model Building: Facilitating Team Learning Using System Dynamics. Wiley.",
            "Richardson, G. P. and Andersen, D. F. (1995) Teamwork in group model building. System Dynamics Review, 11(2).",
            (
                "Scriptapedia, a collection of group model building scripts",
                "https://en.wikibooks.org/wiki/Scriptapedia",
            ),
        ),
        "purposes": ["model-dynamics", "decide-together", "map-the-system"],
        "phases": ["understand-the-system", "find-leverage-and-design"],
        "traditions": ["system-dynamics", "participatory-and-dialogic"],
        "scales": ["partnership", "place", "sector"],
        "participation": ["co-designed"],
        "sectors": ["health", "local-government"],
        "competencies": ["K3", "S3", "S5", "S10", "B8"],
        "concepts": ["feedback", "mental-models", "stocks-and-flows"],
        "tags": ["modelling", "workshops", "participation"],
        "relations": [("part_of", "system-dynamics")],
        "reviewed": 90,
    },
]

PRACTICES += [
    {
        "title": "Leverage points",
        "kind": "model",
        "span": "workshop",
        "experience": "some",
        "summary": "Donella Meadows' list of places to intervene in a system, from numbers and parameters up to rules, goals, paradigms and the power to transcend them.",
        "makes_possible": rich(
            "It helps a group see that most of its effort goes into the least powerful places (budgets, targets, eligibility thresholds) and to ask what it would take to change the rules, the flows of information, the goals, or the mindset the system grows from.",
        ),
        "when_to_use": bullets(
            "After mapping a system, when the group is choosing where to act.",
            "Reviewing a programme: are we only adjusting parameters?",
        ),
        "when_not_to_use": bullets(
            "As a ranking to be applied mechanically: Meadows herself offered it as tentative.",
        ),
        "steps": [
            phase(
                "Place and stretch",
                step(
                    "List what you are doing now",
                    "Every intervention the partnership is making or planning, one per sticky note.",
                    10,
                    "small groups",
                ),
                step(
                    "Place them on the ladder",
                    "Put each at the level it works on: parameters, buffers, structure, delays, feedback, information, rules, self-organisation, goals, paradigms.",
                    20,
                    "small groups",
                    "interventions placed on the ladder",
                ),
                step(
                    "Look for gaps",
                    "Where is nothing happening? What would an intervention two rungs higher look like?",
                    20,
                    "whole group",
                    "ideas for deeper interventions",
                ),
            ),
        ],
        "materials": "The ladder of leverage points drawn on a long sheet; sticky notes.",
        "minutes": (60, 90),
        "group": (3, 30),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Higher leverage meets more resistance; that is not a reason to avoid it, but plan for it.",
            "Paradigm shifts rarely come from a workshop; they come from many people noticing differently.",
        ),
        "variations": rich(
            "A simpler four-level version (parameters, feedbacks, design, intent) used by Abson and colleagues for sustainability work."
        ),
        "outputs": "Current interventions mapped by depth; ideas for deeper ones",
        "originators": "Donella Meadows",
        "origin_year": 1999,
        "attribution": "documented",
        "key_sources": sources(
            (
                "Meadows, D. (1999) Leverage Points: Places to Intervene in a System. The Sustainability Institute.",
                "https://donellameadows.org/archives/leverage-points-places-to-intervene-in-a-system/",
            ),
            "Meadows, D. (2008) Thinking in Systems: A Primer. Chelsea Green.",
            "Abson, D. J. et al. (2017) Leverage points for sustainability transformation. Ambio, 46.",
        ),
        "purposes": ["find-leverage", "design-interventions"],
        "phases": ["find-leverage-and-design"],
        "traditions": ["system-dynamics"],
        "scales": ["organisation", "partnership", "place", "sector", "national"],
        "participation": ["consultative", "co-designed"],
        "sectors": [],
        "competencies": ["K1", "S1", "S7", "B3"],
        "concepts": ["leverage-points", "mental-models", "feedback"],
        "tags": ["leverage", "strategy"],
        "relations": [("followed_by", "theory-of-change")],
        "reviewed": 75,
    },
    {
        "title": "Iceberg model",
        "kind": "model",
        "span": "activity",
        "experience": "none",
        "summary": "Events above the waterline; patterns, structures and mental models beneath: a quick way to move a conversation from what happened to why it keeps happening.",
        "makes_possible": rich(
            "In twenty minutes a group can move from reacting to the latest crisis to asking what structures and beliefs keep producing it. It is simple enough to use with residents, front-line staff and boards alike.",
        ),
        "when_to_use": bullets(
            "Debriefing an incident or a frustrating week.",
            "Introducing systems thinking to people who have never met it.",
        ),
        "when_not_to_use": bullets(
            "As a substitute for real mapping when the stakes are high: it is a doorway, not a room.",
        ),
        "steps": [
            phase(
                "Go below the waterline",
                step(
                    "Events",
                    "What happened? Describe one recent event everyone knows about.",
                    5,
                    "whole group",
                ),
                step("Patterns", "Has this happened before? What trend is it part of?", 5, "pairs"),
                step(
                    "Structures",
                    "What rules, incentives, flows of money or information, or physical arrangements make the pattern likely?",
                    10,
                    "pairs",
                    "list of structures",
                ),
                step(
                    "Mental models",
                    "What beliefs or assumptions keep those structures in place?",
                    10,
                    "pairs",
                    "list of assumptions",
                ),
                step(
                    "Back to the top",
                    "What could we change at each level, starting from the deepest one we can reach?",
                    10,
                    "whole group",
                    "ideas by level",
                ),
            ),
        ],
        "materials": "An iceberg drawn on a flipchart or slide.",
        "minutes": (20, 45),
        "group": (1, 40),
        "modes": {"in_person", "online", "hybrid", "asynchronous"},
        "tips_and_traps": bullets(
            "Keep it concrete: one real event, not 'the system'.",
            "Groups often stop at structures; the mental models are where the conversation changes.",
        ),
        "variations": rich("Causal layered analysis goes further down, into myth and metaphor."),
        "outputs": "An iceberg of one event: patterns, structures, mental models, ideas",
        "originators": "Unclear: credited variously to Peter Senge and Innovation Associates, to Michael Goodman, and (for the cultural iceberg) to Edward T. Hall",
        "origin_year": None,
        "attribution": "contested",
        "key_sources": sources(
            "Senge, P. (1990) The Fifth Discipline. Doubleday. Describes events, patterns and structure.",
            "Hall, E. T. (1976) Beyond Culture. Anchor Books. Often cited for the cultural iceberg, though the image itself may come later.",
        ),
        "purposes": ["frame-the-situation", "find-leverage", "reflect"],
        "phases": ["understand-the-system", "learn-and-adapt"],
        "traditions": ["system-dynamics"],
        "scales": ["person", "team", "organisation"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["K1", "S4", "S10", "B1"],
        "concepts": ["mental-models", "feedback"],
        "tags": ["introduction", "debrief", "quick"],
        "relations": [
            ("followed_by", "leverage-points"),
            ("alternative_to", "causal-layered-analysis"),
        ],
        "reviewed": 10,
    },
    {
        "title": "Cynefin",
        "kind": "model",
        "span": "workshop",
        "experience": "some",
        "summary": "A sense-making framework that distinguishes clear, complicated, complex and chaotic situations, and confusion between them, because each calls for a different way of acting.",
        "makes_possible": rich(
            "It stops a group from applying best practice to a complex situation, or endless analysis to a chaotic one. In complex situations it points towards small, safe-to-fail experiments and paying attention to what emerges, which gives conveners language to argue for learning over plans.",
        ),
        "when_to_use": bullets(
            "A partnership is arguing about whether to plan or to experiment.",
            "Sorting a long list of issues into those that need experts and those that need probing.",
        ),
        "when_not_to_use": bullets(
            "As a two-by-two matrix to put things in boxes: the boundaries between domains matter and move.",
        ),
        "steps": [
            phase(
                "Make sense together",
                step(
                    "Gather items",
                    "Write issues, stories or decisions on cards, one each.",
                    15,
                    "small groups",
                ),
                step(
                    "Place them relative to each other",
                    "Before any framework is drawn, arrange the cards by how predictable cause and effect feel.",
                    20,
                    "small groups",
                ),
                step(
                    "Draw the domains",
                    "Draw the boundaries around the clusters, then discuss the ones that sit on the edges.",
                    15,
                    "whole group",
                    "issues by domain",
                ),
                step(
                    "Choose ways of acting",
                    "For complex items, design small probes; for complicated ones, bring in expertise; for chaotic ones, act to stabilise first.",
                    20,
                    "small groups",
                    "next actions by domain",
                ),
            ),
        ],
        "materials": "Cards and a large wall or table; an online whiteboard works.",
        "minutes": (60, 120),
        "group": (4, 40),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "The names of the domains have changed over the years (simple, then obvious, then clear; disorder, now confusion): check which version people learned.",
            "Placing items before drawing the domains avoids people forcing them into boxes.",
        ),
        "variations": rich(
            "Use it in a reflection circle to ask what kind of situation a member is in before offering advice."
        ),
        "outputs": "Issues sorted by domain; probes for the complex ones",
        "originators": "Dave Snowden, with Cynthia Kurtz, at IBM and later The Cynefin Company",
        "origin_year": 1999,
        "attribution": "documented",
        "key_sources": sources(
            "Kurtz, C. F. and Snowden, D. J. (2003) The new dynamics of strategy: sense-making in a complex and complicated world. IBM Systems Journal, 42(3).",
            "Snowden, D. J. and Boone, M. E. (2007) A leader's framework for decision making. Harvard Business Review.",
            ("The Cynefin Company", "https://thecynefin.co/"),
        ),
        "licence_note": "Cynefin is the work of Dave Snowden and The Cynefin Company; this is our own short description, and their site has the authoritative one.",
        "purposes": ["frame-the-situation", "design-interventions"],
        "phases": ["understand-the-system", "act-and-experiment"],
        "traditions": ["complexity"],
        "scales": ["team", "organisation", "partnership"],
        "participation": ["consultative", "co-designed"],
        "sectors": [],
        "competencies": ["K1", "K3", "S2", "B5"],
        "concepts": ["complex-adaptive-systems", "emergence", "non-linearity"],
        "tags": ["complexity", "sense-making", "experiments"],
        "relations": [("followed_by", "human-learning-systems-learning-cycles")],
        "reviewed": 365 + 60,
    },
    {
        "title": "Three Horizons",
        "kind": "model",
        "span": "workshop",
        "experience": "some",
        "summary": "A futures practice that maps the fading present (H1), the emerging future (H3) and the contested transition between them (H2), so a group can hold several timescales at once.",
        "makes_possible": rich(
            "It gives everyone a place: those keeping today's services running (first horizon), those with a vision of something different (third horizon) and the innovators in between (second horizon). It helps a group see which innovations simply prop up the present and which open the way to the future they want.",
            "Not to be confused with McKinsey's 'three horizons of growth' (Baghai, Coley and White, 1999), a business portfolio model that shares the name.",
        ),
        "when_to_use": bullets(
            "A partnership needs a shared story of change that honours the present.",
            "Strategy conversations where visionaries and operational leaders talk past each other.",
        ),
        "when_not_to_use": bullets(
            "When an immediate crisis needs all the attention.",
        ),
        "steps": [
            phase(
                "Map the horizons",
                step(
                    "Draw the frame",
                    "Three curves over time: the present declining, the future rising, the transition in between.",
                    5,
                    "whole group",
                ),
                step(
                    "The first horizon",
                    "What is the current way of doing things? What is no longer fit for purpose, and what must we keep?",
                    20,
                    "small groups",
                    "H1 notes",
                ),
                step(
                    "The third horizon",
                    "What future do we hope for? Where can we see pockets of it already, today?",
                    20,
                    "small groups",
                    "H3 notes",
                ),
                step(
                    "The second horizon",
                    "What innovations are under way? Which are being captured by the present, and which lead towards the future?",
                    25,
                    "small groups",
                    "H2 notes",
                ),
            ),
            phase(
                "Act",
                step(
                    "Choose next steps",
                    "What will we nurture, protect or let go, and who needs to be in the next conversation?",
                    20,
                    "whole group",
                    "actions and invitations",
                ),
            ),
        ],
        "materials": "A long sheet with the three curves; sticky notes in three colours.",
        "minutes": (90, 180),
        "group": (5, 40),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Honour the first horizon: people who keep today's services running are not the enemy.",
            "Look for third horizon practice in the present, not only in dreams.",
        ),
        "variations": rich(
            "Used as a reflective frame for one person's work, or across a series of gatherings."
        ),
        "outputs": "A three horizons map; actions and invitations",
        "originators": "Bill Sharpe, with Anthony Hodgson and the International Futures Forum",
        "origin_year": 2006,
        "attribution": "documented",
        "key_sources": sources(
            "Sharpe, B. (2013) Three Horizons: The Patterning of Hope. Triarchy Press.",
            "Sharpe, B., Hodgson, A., Leicester, G., Lyon, A. and Fazey, I. (2016) Three horizons: a pathways practice for transformation. Ecology and Society, 21(2).",
            ("International Futures Forum", "https://www.internationalfuturesforum.com/"),
            "For the separate business model: Baghai, M., Coley, S. and White, D. (1999) The Alchemy of Growth. Orion.",
        ),
        "purposes": ["imagine-futures", "find-leverage", "decide-together"],
        "phases": ["find-leverage-and-design"],
        "traditions": ["futures"],
        "scales": ["organisation", "partnership", "place", "sector"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["K5", "S5", "S10", "B3", "B7"],
        "concepts": ["emergence", "adaptive-cycle"],
        "tags": ["futures", "strategy", "hope"],
        "relations": [("alternative_to", "causal-layered-analysis")],
        "reviewed": 100,
    },
    {
        "title": "Causal Layered Analysis",
        "kind": "method",
        "span": "workshop",
        "experience": "experienced",
        "summary": "Peeling an issue through four layers (the litany, systemic causes, worldview, and myth or metaphor) to open up alternative futures.",
        "makes_possible": rich(
            "Groups stuck on the headline version of a problem discover the worldviews and deep stories that make it seem inevitable, then build a new story from the bottom up, with a new metaphor that makes different actions feel natural.",
        ),
        "when_to_use": bullets(
            "A problem framed the same way for years.",
            "Working with groups whose cultures or worldviews differ.",
        ),
        "when_not_to_use": bullets(
            "Without time to go deep: a rushed version stays at the top layer.",
        ),
        "steps": [
            phase(
                "Deconstruct",
                step(
                    "The litany",
                    "The official, headline version of the issue: statistics, news stories.",
                    15,
                    "small groups",
                ),
                step(
                    "Systemic causes",
                    "The social, economic and political causes usually offered.",
                    15,
                    "small groups",
                ),
                step(
                    "Worldview",
                    "The discourses and worldviews that make those causes seem like the right explanation.",
                    20,
                    "small groups",
                ),
                step(
                    "Myth and metaphor",
                    "The deep, emotional stories underneath: what image sums it up?",
                    20,
                    "small groups",
                    "four-layer analysis",
                ),
            ),
            phase(
                "Reconstruct",
                step(
                    "A new metaphor",
                    "Find a metaphor for the future you want and work back up: what worldview, systems and litany would follow?",
                    30,
                    "small groups",
                    "alternative future in four layers",
                ),
            ),
        ],
        "materials": "A four-layer template per group.",
        "minutes": (90, 180),
        "group": (4, 30),
        "modes": {"in_person", "online"},
        "tips_and_traps": bullets(
            "The metaphor layer can feel strange to professional groups; give examples from the group's own language.",
        ),
        "variations": rich(
            "Combine with scenarios, or with the iceberg model as a gentler first step."
        ),
        "outputs": "A layered analysis and an alternative future with a new metaphor",
        "originators": "Sohail Inayatullah",
        "origin_year": 1998,
        "attribution": "documented",
        "key_sources": sources(
            "Inayatullah, S. (1998) Causal layered analysis: poststructuralism as method. Futures, 30(8).",
            "Inayatullah, S. (ed.) (2004) The Causal Layered Analysis Reader. Tamkang University Press.",
        ),
        "purposes": ["imagine-futures", "frame-the-situation", "surface-perspectives"],
        "phases": ["understand-the-system", "find-leverage-and-design"],
        "traditions": ["futures"],
        "scales": ["organisation", "place", "sector", "national"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["K1", "S6", "B3", "B9"],
        "concepts": ["mental-models", "multiple-perspectives"],
        "tags": ["futures", "worldviews", "narrative"],
        "relations": [],
        "reviewed": 500,
    },
    {
        "title": "Theory of Change",
        "kind": "method",
        "span": "sessions",
        "experience": "some",
        "summary": "Working backwards from a long-term change to the conditions needed for it, and making the assumptions between them explicit so they can be tested.",
        "makes_possible": rich(
            "Partners who have never said out loud how they think change happens discover where they agree and where they do not. Written as a set of hypotheses, it becomes a learning tool: which assumptions did we test this year, and what did we learn?",
        ),
        "when_to_use": bullets(
            "A new partnership or programme agreeing what it is trying to do.",
            "Before designing an evaluation.",
        ),
        "when_not_to_use": bullets(
            "As a neat linear diagram demanded by a funder and never revisited.",
            "When the situation is so uncertain that only experiments make sense; start with probes and write the theory afterwards.",
        ),
        "steps": [
            phase(
                "Build the theory",
                step(
                    "Agree the long-term change",
                    "What change in people's lives are we working towards? Whose words describe it?",
                    30,
                    "whole group",
                    "long-term outcome",
                ),
                step(
                    "Work backwards",
                    "What needs to be true just before that? And before that? Map the preconditions.",
                    60,
                    "small groups",
                    "pathway of preconditions",
                ),
                step(
                    "Name the assumptions",
                    "Between each step, what are we assuming about people, organisations and context?",
                    30,
                    "small groups",
                    "list of assumptions",
                ),
                step(
                    "Place your work",
                    "Where do our activities come in, and what depends on others?",
                    30,
                    "whole group",
                ),
            ),
            phase(
                "Keep it alive",
                step(
                    "Choose what to test",
                    "Which assumptions are most important and least certain? How will we know?",
                    30,
                    "whole group",
                    "learning questions",
                ),
                step(
                    "Revisit it",
                    "Review the theory at least every six months with what has been learned.",
                    60,
                    "whole group",
                    "revised theory",
                ),
            ),
        ],
        "materials": "Long paper and sticky notes; later a simple diagram people can edit.",
        "minutes": (120, 240),
        "group": (4, 25),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Ask whose theory it is: a theory written by staff alone misses what people who use services know.",
            "Resist straight lines; draw the feedback and the other actors too.",
        ),
        "variations": rich(
            "A 'theory of contribution' for complex settings, asking how we contribute rather than what we cause."
        ),
        "outputs": "A theory of change with assumptions and learning questions",
        "originators": "Popularised by Carol Weiss (1995), with roots in programme theory and logic models from the 1960s and 70s; its lineage is debated",
        "origin_year": 1995,
        "attribution": "contested",
        "key_sources": sources(
            "Weiss, C. H. (1995) Nothing as practical as good theory. In Connell, J. P. et al. (eds) New Approaches to Evaluating Community Initiatives. Aspen Institute.",
            "Vogel, I. (2012) Review of the use of 'Theory of Change' in international development. UK Department for International Development.",
            ("Center for Theory of Change", "https://www.theoryofchange.org/"),
        ),
        "purposes": ["design-interventions", "evaluate-and-learn", "decide-together"],
        "phases": ["find-leverage-and-design", "learn-and-adapt"],
        "traditions": ["evaluation"],
        "scales": ["organisation", "partnership", "place"],
        "participation": ["co-designed", "co-produced-with-people-with-lived-experience"],
        "sectors": ["voluntary-and-community", "funder"],
        "competencies": ["K3", "K5", "S7", "S11", "B6"],
        "concepts": ["double-loop-learning", "mental-models"],
        "tags": ["evaluation", "strategy", "funders"],
        "relations": [
            ("followed_by", "outcome-harvesting"),
            ("followed_by", "developmental-evaluation"),
        ],
        "reviewed": 40,
    },
    {
        "title": "Outcome Harvesting",
        "kind": "method",
        "span": "programme",
        "experience": "experienced",
        "summary": "Collecting evidence of what changed (in behaviour, relationships, policies, practices) and then working backwards to how the work contributed.",
        "makes_possible": rich(
            "It suits work where outcomes cannot be predicted in advance: instead of measuring against planned indicators, you find the changes that actually happened, including unexpected ones, and build a credible account of contribution with the people involved.",
        ),
        "when_to_use": bullets(
            "Systems and advocacy work whose outcomes are emergent.",
            "A funder wants evidence but the plan has changed many times.",
        ),
        "when_not_to_use": bullets(
            "When you need to attribute a measured effect to one intervention.",
            "When nobody has time to substantiate outcomes with others.",
        ),
        "steps": [
            phase(
                "Design and gather",
                step(
                    "Design the harvest",
                    "Agree who will use the findings and for what, and the questions the harvest should answer.",
                    None,
                    "harvester and users",
                    "harvest design",
                ),
                step(
                    "Gather data",
                    "Draft outcome descriptions from reports, notes and conversations.",
                    None,
                    "harvester",
                ),
                step(
                    "Engage change agents",
                    "With the people closest to the work, write each outcome: who changed what, when and where; why it matters; how the work contributed.",
                    None,
                    "one to one or small groups",
                    "outcome descriptions",
                ),
            ),
            phase(
                "Check and use",
                step(
                    "Substantiate",
                    "Ask independent, knowledgeable people whether a sample of outcomes are accurate.",
                    None,
                    "harvester",
                ),
                step(
                    "Analyse and interpret",
                    "Group outcomes to answer the harvest questions.",
                    None,
                    "harvester and users",
                    "findings",
                ),
                step("Support use", "Help the users act on what was found.", None, "whole group"),
            ),
        ],
        "materials": "A simple outcome template; a spreadsheet or database to hold outcomes.",
        "minutes": None,
        "group": (2, 30),
        "modes": {"in_person", "online", "asynchronous"},
        "tips_and_traps": bullets(
            "Write outcomes as observable changes in social actors, not as activities.",
            "Include negative and unintended outcomes; they make the harvest credible.",
        ),
        "variations": rich(
            "Light, continuous harvesting at every partnership meeting; combined with Most Significant Change to add stories."
        ),
        "outputs": "A set of substantiated outcome descriptions and findings",
        "originators": "Ricardo Wilson-Grau with colleagues, developed from the early 2000s",
        "origin_year": 2012,
        "attribution": "documented",
        "key_sources": sources(
            "Wilson-Grau, R. and Britt, H. (2012) Outcome Harvesting. Ford Foundation.",
            "Wilson-Grau, R. (2019) Outcome Harvesting: Principles, Steps, and Evaluation Applications. Information Age Publishing.",
            ("Outcome Harvesting", "https://outcomeharvesting.net/"),
        ),
        "purposes": ["evaluate-and-learn"],
        "phases": ["learn-and-adapt"],
        "traditions": ["evaluation"],
        "scales": ["organisation", "partnership", "sector"],
        "participation": ["consultative", "co-designed"],
        "sectors": ["voluntary-and-community", "funder", "research"],
        "competencies": ["K5", "S6", "S11", "B4"],
        "concepts": ["emergence"],
        "tags": ["evaluation", "evidence", "impact"],
        "relations": [("alternative_to", "most-significant-change")],
        "reviewed": 80,
    },
    {
        "title": "Most Significant Change",
        "kind": "method",
        "span": "programme",
        "experience": "some",
        "summary": "Collecting stories of change from the people closest to the work, and choosing together, level by level, which changes matter most and why.",
        "makes_possible": rich(
            "The selection conversations are the point: when a panel of residents, practitioners and funders explains why it chose one story over another, the values of the programme become visible and open to discussion. It surfaces outcomes nobody planned for.",
        ),
        "when_to_use": bullets(
            "Programmes where change is personal and varied.",
            "When you want funders and communities to talk about what matters.",
        ),
        "when_not_to_use": bullets(
            "As your only evidence: it tells you about the most significant changes, not the typical ones.",
        ),
        "steps": [
            phase(
                "Collect",
                step(
                    "Agree domains of change",
                    "A few broad areas, such as changes in people's lives, in practice, in relationships between organisations.",
                    60,
                    "core team",
                    "domains",
                ),
                step(
                    "Collect stories",
                    "Ask: looking back over the last period, what was the most significant change, and why does it matter to you?",
                    None,
                    "one to one",
                    "stories",
                ),
            ),
            phase(
                "Select and feed back",
                step(
                    "Select at each level",
                    "Panels read the stories, choose the most significant in each domain, and record why.",
                    90,
                    "panels of 4 to 8",
                    "selected stories with reasons",
                ),
                step(
                    "Feed back",
                    "Tell storytellers which stories were chosen and why.",
                    None,
                    "whole group",
                ),
                step(
                    "Verify and reflect",
                    "Check the chosen stories and look across them for patterns.",
                    None,
                    "core team",
                    "report",
                ),
            ),
        ],
        "materials": "A story form; a room for selection panels.",
        "minutes": (60, 120),
        "group": (4, 40),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Record the reasons for each choice: they are the richest data.",
            "Feeding back is often skipped and is what keeps people telling stories.",
        ),
        "variations": rich(
            "Fortnightly gatherings can run a fifteen-minute version: one story each, choose one, say why."
        ),
        "outputs": "Stories of change, selected with reasons",
        "originators": "Rick Davies, from his work in Bangladesh in the mid-1990s; guide written with Jess Dart",
        "origin_year": 2005,
        "attribution": "documented",
        "key_sources": sources(
            "Davies, R. and Dart, J. (2005) The 'Most Significant Change' Technique: A Guide to Its Use.",
            ("Monitoring and Evaluation NEWS (Rick Davies)", "https://mande.co.uk/"),
        ),
        "purposes": ["evaluate-and-learn", "surface-perspectives"],
        "phases": ["learn-and-adapt"],
        "traditions": ["evaluation", "participatory-and-dialogic"],
        "scales": ["team", "organisation", "partnership"],
        "participation": ["co-produced-with-people-with-lived-experience"],
        "sectors": ["voluntary-and-community", "funder"],
        "competencies": ["K5", "S6", "S11", "B9"],
        "concepts": ["multiple-perspectives"],
        "tags": ["evaluation", "stories", "impact"],
        "relations": [],
        "reviewed": 15,
    },
    {
        "title": "Developmental Evaluation",
        "kind": "methodology",
        "span": "programme",
        "experience": "specialist",
        "summary": "An evaluator working inside an innovation as it develops, bringing evaluative thinking and timely data into decisions, rather than judging a fixed model at the end.",
        "makes_possible": rich(
            "Teams working in complex settings get a critical friend who helps them notice what is emerging, adapt quickly and keep a record of why they changed course, which is also the evidence funders and boards need.",
        ),
        "when_to_use": bullets(
            "An innovation that is still being worked out.",
            "Systems change programmes that expect to adapt.",
        ),
        "when_not_to_use": bullets(
            "When a tested model needs a summative judgement.",
            "When leaders do not want to hear bad news early.",
        ),
        "steps": [
            phase(
                "Set up",
                step(
                    "Agree the purpose",
                    "What are we developing, who will use the evaluation, and what decisions does it feed?",
                    None,
                    "evaluator and team",
                ),
                step(
                    "Join the team",
                    "The evaluator takes part in key meetings and builds trust.",
                    None,
                    "evaluator",
                ),
            ),
            phase(
                "Evaluate as it develops",
                step(
                    "Track what emerges",
                    "Use light methods (reflection sessions, outcome logs, short surveys) to see what is happening.",
                    None,
                    "team",
                ),
                step(
                    "Make sense together",
                    "Regular sessions to interpret data and decide what to change.",
                    90,
                    "team",
                    "decisions with reasons",
                ),
                step(
                    "Document the journey",
                    "Keep a record of key decisions, what prompted them and what followed.",
                    None,
                    "evaluator",
                    "development log",
                ),
            ),
        ],
        "materials": "Whatever light data tools suit the team; a shared decision log.",
        "minutes": None,
        "group": (3, 20),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "The evaluator's independence needs protecting even while they are inside the team.",
            "Agree up front how findings that challenge leaders will be raised.",
        ),
        "variations": rich("Learning partners, a lighter role used by many foundations."),
        "outputs": "Timely findings, decisions with reasons, a development log",
        "originators": "Michael Quinn Patton",
        "origin_year": 1994,
        "attribution": "documented",
        "key_sources": sources(
            "Patton, M. Q. (1994) Developmental evaluation. Evaluation Practice, 15(3).",
            "Patton, M. Q. (2010) Developmental Evaluation: Applying Complexity Concepts to Enhance Innovation and Use. Guilford Press.",
            "Gamble, J. A. A. (2008) A Developmental Evaluation Primer. J.W. McConnell Family Foundation.",
        ),
        "purposes": ["evaluate-and-learn"],
        "phases": ["act-and-experiment", "learn-and-adapt"],
        "traditions": ["evaluation", "complexity"],
        "scales": ["organisation", "partnership", "place"],
        "participation": ["co-designed"],
        "sectors": ["funder", "research"],
        "competencies": ["K5", "S8", "S11", "B5"],
        "concepts": ["emergence", "complex-adaptive-systems", "double-loop-learning"],
        "tags": ["evaluation", "learning", "complexity"],
        "relations": [],
        "reviewed": 380,
    },
    {
        "title": "Actor and power mapping",
        "kind": "tool",
        "span": "workshop",
        "experience": "some",
        "summary": "Mapping who holds a stake in an issue, how much influence each has, how they relate to each other, and whose voice is missing.",
        "makes_possible": rich(
            "A convener can plan who to invite and in what order, notice who is being talked about but never talked with, and see where relationships, not formal authority, carry power.",
        ),
        "when_to_use": bullets(
            "Before the first gathering of a new partnership.",
            "When a process seems stuck for reasons nobody names.",
        ),
        "when_not_to_use": bullets(
            "In front of the people being mapped, unless you have agreed to do it together.",
        ),
        "steps": [
            phase(
                "Map",
                step(
                    "List the actors",
                    "Organisations, groups and people who affect or are affected by the issue, including informal ones.",
                    15,
                    "small groups",
                ),
                step(
                    "Place them",
                    "On a grid of influence against interest, or in circles around the issue.",
                    20,
                    "small groups",
                    "actor map",
                ),
                step(
                    "Draw relationships",
                    "Lines for alliances, tensions, money, information.",
                    15,
                    "small groups",
                ),
                step(
                    "Look for silence",
                    "Who is affected but has little influence? Who is missing altogether?",
                    15,
                    "whole group",
                    "list of missing voices",
                ),
            ),
            phase(
                "Plan",
                step(
                    "Plan engagement",
                    "Who to invite, who should do the inviting, and in what order.",
                    20,
                    "whole group",
                    "engagement plan",
                ),
            ),
        ],
        "materials": "Large paper, cards or counters; or Kumu online.",
        "minutes": (60, 120),
        "group": (2, 15),
        "modes": {"in_person", "online"},
        "tips_and_traps": bullets(
            "Maps of people are sensitive: agree who will see it.",
            "Map hidden and invisible power too, not only formal authority.",
        ),
        "variations": rich(
            "Net-Map for a richer, more participatory version; the power cube for a deeper look at kinds of power."
        ),
        "outputs": "An actor map and an engagement plan",
        "originators": "Many traditions; the power and interest grid is usually credited to Aubrey Mendelow and was popularised by Colin Eden and Fran Ackermann (1998)",
        "origin_year": None,
        "attribution": "commonly",
        "key_sources": sources(
            "Eden, C. and Ackermann, F. (1998) Making Strategy: The Journey of Strategic Management. Sage.",
            "Bryson, J. M. (2004) What to do when stakeholders matter. Public Management Review, 6(1).",
        ),
        "purposes": ["map-the-system", "build-relationships", "surface-perspectives"],
        "phases": ["convene-and-launch", "understand-the-system"],
        "traditions": ["participatory-and-dialogic", "critical-systems"],
        "scales": ["partnership", "place", "sector"],
        "participation": ["analyst-led", "consultative"],
        "sectors": [],
        "competencies": ["K3", "S5", "S6", "B4"],
        "concepts": ["power", "boundaries"],
        "tags": ["stakeholders", "power", "planning"],
        "relations": [("followed_by", "power-cube")],
        "reviewed": 55,
    },
    {
        "title": "Net-Map",
        "kind": "tool",
        "span": "workshop",
        "experience": "some",
        "summary": "A participatory interview or workshop in which people map actors, the different links between them (money, advice, command) and each actor's influence, with towers of stacked counters.",
        "makes_possible": rich(
            "People can show, with their hands, who really influences an outcome, and the act of building the map together opens conversations about relationships that would be hard to start in words.",
        ),
        "when_to_use": bullets(
            "Understanding a network of organisations around an issue.",
            "With groups who prefer doing to discussing.",
        ),
        "when_not_to_use": bullets(
            "When participants cannot safely say who has power over them.",
        ),
        "steps": [
            phase(
                "Build the map",
                step(
                    "Ask the question",
                    "Agree the outcome the map is about, such as who influences whether families get early help.",
                    5,
                    "group of 3 to 8",
                ),
                step(
                    "Name the actors",
                    "Write each on a card and place it on the sheet.",
                    15,
                    "group of 3 to 8",
                ),
                step(
                    "Draw the links",
                    "One colour per kind of link: funding, advice, formal authority, information.",
                    30,
                    "group of 3 to 8",
                    "network of links",
                ),
                step(
                    "Build influence towers",
                    "Stack counters by each actor to show how much influence they have over the outcome.",
                    15,
                    "group of 3 to 8",
                    "influence towers",
                ),
                step(
                    "Discuss",
                    "What surprises you? Where are the bottlenecks and the bridges?",
                    20,
                    "group of 3 to 8",
                    "insights and actions",
                ),
            ),
        ],
        "materials": "A large sheet, actor cards, coloured pens, stackable counters (board game pieces work well).",
        "minutes": (90, 180),
        "group": (1, 8),
        "modes": {"in_person"},
        "tips_and_traps": bullets(
            "Photograph the towers from the side before anything is moved.",
            "Do several maps with different groups and compare them.",
        ),
        "variations": rich("Individual interviews with key actors, then a combined map."),
        "outputs": "A network map with influence towers; insights",
        "originators": "Eva Schiffer",
        "origin_year": 2007,
        "attribution": "documented",
        "key_sources": sources(
            "Schiffer, E. and Hauck, J. (2010) Net-Map: collecting social network data and facilitating network learning through participatory influence network mapping. Field Methods, 22(3).",
            ("Net-Map Toolbox", "https://netmap.wordpress.com/"),
        ),
        "purposes": ["map-the-system", "surface-perspectives"],
        "phases": ["understand-the-system"],
        "traditions": ["participatory-and-dialogic"],
        "scales": ["partnership", "place"],
        "participation": ["co-designed", "co-produced-with-people-with-lived-experience"],
        "sectors": ["education", "voluntary-and-community"],
        "competencies": ["S3", "S5", "S6"],
        "concepts": ["power", "self-organisation"],
        "tags": ["networks", "power", "hands-on"],
        "relations": [("variant_of", "actor-and-power-mapping")],
        "reviewed": 130,
    },
    {
        "title": "Power cube",
        "kind": "model",
        "span": "workshop",
        "experience": "some",
        "summary": "A way to analyse power along three dimensions: the spaces where decisions happen, the levels at which power works, and the forms it takes (visible, hidden, invisible).",
        "makes_possible": rich(
            "Conveners can see why inviting people into a room (an invited space) is not the same as sharing power, and plan for change in the closed spaces, hidden agendas and invisible norms that keep things as they are.",
        ),
        "when_to_use": bullets(
            "Planning engagement or co-production that aims to shift power.",
            "Reflecting on why a participatory process changed nothing.",
        ),
        "when_not_to_use": bullets(
            "As an academic exercise without the people who experience the power.",
        ),
        "steps": [
            phase(
                "Analyse",
                step(
                    "Spaces",
                    "Where are decisions about this issue made? Closed spaces, invited spaces, spaces people have claimed for themselves.",
                    20,
                    "small groups",
                ),
                step(
                    "Levels",
                    "Which decisions are local, regional, national, global?",
                    15,
                    "small groups",
                ),
                step(
                    "Forms",
                    "Visible power (formal decisions), hidden power (who sets the agenda), invisible power (what seems normal or possible).",
                    25,
                    "small groups",
                    "power analysis",
                ),
                step(
                    "Strategies",
                    "Where could we open a closed space, strengthen a claimed one, or challenge an invisible norm?",
                    20,
                    "whole group",
                    "strategies",
                ),
            ),
        ],
        "materials": "A drawing of the cube; cards for each dimension.",
        "minutes": (60, 120),
        "group": (3, 30),
        "modes": {"in_person", "online"},
        "tips_and_traps": bullets(
            "Invisible power is the hardest to see from inside; invite outsiders or people with lived experience to name it.",
        ),
        "variations": rich("Use just the three forms of power as a reflective prompt in circles."),
        "outputs": "An analysis of power on the issue; strategies",
        "originators": "John Gaventa and colleagues at the Institute of Development Studies, drawing on Steven Lukes",
        "origin_year": 2006,
        "attribution": "documented",
        "key_sources": sources(
            "Gaventa, J. (2006) Finding the spaces for change: a power analysis. IDS Bulletin, 37(6).",
            "Lukes, S. (1974) Power: A Radical View. Macmillan.",
            ("powercube.net", "https://www.powercube.net/"),
        ),
        "purposes": ["surface-perspectives", "set-and-critique-boundaries", "reflect"],
        "phases": ["understand-the-system", "learn-and-adapt"],
        "traditions": ["critical-systems"],
        "scales": ["place", "sector", "national"],
        "participation": ["co-produced-with-people-with-lived-experience"],
        "sectors": ["voluntary-and-community"],
        "competencies": ["K4", "S5", "B2", "B4"],
        "concepts": ["power", "boundaries"],
        "tags": ["power", "co-production", "equity"],
        "relations": [],
        "reviewed": 70,
    },
]

PRACTICES += [
    {
        "title": "Appreciative Inquiry",
        "kind": "methodology",
        "span": "sessions",
        "experience": "some",
        "summary": "Starting change from what already works: discovering a system's strengths through stories, dreaming what could be, then designing and delivering it together.",
        "makes_possible": rich(
            "Groups worn down by deficit talk find energy and evidence in their own best moments, and the questions people ask together begin to change the system. It is a respectful way to involve communities often described only by their needs.",
        ),
        "when_to_use": bullets(
            "Morale is low and every meeting starts with problems.",
            "Communities tired of being asked what is wrong with them.",
        ),
        "when_not_to_use": bullets(
            "To avoid hard truths: pain and conflict need room too, or the positivity rings false.",
        ),
        "steps": [
            phase(
                "Discover",
                step(
                    "Appreciative interviews",
                    "In pairs, tell a story of a time the work was at its best: what made it possible?",
                    40,
                    "pairs",
                    "stories of success",
                ),
                step(
                    "Find the themes",
                    "Share stories and pick out the conditions behind them.",
                    30,
                    "groups of 6",
                    "themes",
                ),
            ),
            phase(
                "Dream, design, deliver",
                step(
                    "Dream",
                    "Imagine the system with those conditions everywhere; make it vivid.",
                    45,
                    "groups of 6",
                    "images of the future",
                ),
                step(
                    "Design",
                    "Write provocative propositions about how things will work.",
                    45,
                    "groups of 6",
                    "design statements",
                ),
                step(
                    "Deliver",
                    "People volunteer for actions and keep learning.",
                    30,
                    "whole group",
                    "commitments",
                ),
            ),
        ],
        "materials": "Interview guides, flipcharts, art materials for the dream.",
        "minutes": (180, 480),
        "group": (8, 300),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "The interview questions are the intervention: write them carefully, with a few of the people who will answer them.",
        ),
        "variations": rich(
            "An Appreciative Inquiry summit with the whole system in the room over two or more days."
        ),
        "outputs": "Stories, themes, design statements, commitments",
        "originators": "David Cooperrider and Suresh Srivastva, at Case Western Reserve University",
        "origin_year": 1987,
        "attribution": "documented",
        "key_sources": sources(
            "Cooperrider, D. L. and Srivastva, S. (1987) Appreciative inquiry in organizational life. Research in Organizational Change and Development, 1.",
            "Cooperrider, D. L. and Whitney, D. (2005) Appreciative Inquiry: A Positive Revolution in Change. Berrett-Koehler.",
        ),
        "purposes": ["build-relationships", "imagine-futures", "design-interventions"],
        "phases": ["convene-and-launch", "find-leverage-and-design"],
        "traditions": ["participatory-and-dialogic"],
        "scales": ["team", "organisation", "place"],
        "participation": ["co-designed", "co-produced-with-people-with-lived-experience"],
        "sectors": ["education", "voluntary-and-community"],
        "competencies": ["K3", "S8", "B3", "B8"],
        "concepts": ["mental-models", "emergence"],
        "tags": ["strengths", "stories", "energy"],
        "relations": [],
        "reviewed": 110,
    },
    {
        "title": "Asset-based community development",
        "kind": "method",
        "span": "programme",
        "experience": "some",
        "summary": "Starting from the gifts of residents, the power of local associations and the resources of a place, rather than its needs, so that communities lead their own change.",
        "makes_possible": rich(
            "Services and funders see a neighbourhood as full of capacity, and residents connect with each other rather than queueing for help. Conveners learn to ask what people can do together before asking what institutions should provide.",
        ),
        "when_to_use": bullets(
            "Place-based work that wants residents to lead.",
            "When every plan starts from a needs assessment.",
        ),
        "when_not_to_use": bullets(
            "As a reason for services to withdraw: assets are not a substitute for public duties.",
        ),
        "steps": [
            phase(
                "Map and connect",
                step(
                    "Learning conversations",
                    "Meet residents one by one and ask about their gifts, passions and what they care about.",
                    None,
                    "one to one",
                    "gifts and passions",
                ),
                step(
                    "Map associations and institutions",
                    "Clubs, faith groups, informal networks, then what local institutions could offer.",
                    None,
                    "community builders",
                    "asset map",
                ),
                step(
                    "Connect",
                    "Bring people with shared passions together and let them choose what to do.",
                    None,
                    "small groups",
                    "new connections and projects",
                ),
            ),
        ],
        "materials": "Conversation guides; a simple way to record connections.",
        "minutes": None,
        "group": (1, 200),
        "modes": {"in_person"},
        "tips_and_traps": bullets(
            "Community builders from the area do this better than professionals.",
            "Count connections made, not activities delivered.",
        ),
        "variations": rich(
            "Nurture Development and others adapted it for the UK, including within health and care."
        ),
        "outputs": "Asset maps, new connections and resident-led projects",
        "originators": "John McKnight and John (Jody) Kretzmann, at Northwestern University",
        "origin_year": 1993,
        "attribution": "documented",
        "key_sources": sources(
            "Kretzmann, J. P. and McKnight, J. L. (1993) Building Communities from the Inside Out. ACTA Publications.",
            ("ABCD Institute at DePaul University", "https://resources.depaul.edu/abcd-institute/"),
        ),
        "purposes": ["build-relationships", "map-the-system"],
        "phases": ["convene-and-launch", "act-and-experiment"],
        "traditions": ["participatory-and-dialogic"],
        "scales": ["place"],
        "participation": ["co-produced-with-people-with-lived-experience"],
        "sectors": ["voluntary-and-community", "local-government", "health"],
        "competencies": ["K3", "S5", "B8", "B6"],
        "concepts": ["self-organisation", "power"],
        "tags": ["community", "place-based", "strengths"],
        "relations": [("alternative_to", "appreciative-inquiry")],
        "reviewed": 160,
    },
    {
        "title": "Open Space Technology",
        "kind": "method",
        "span": "workshop",
        "experience": "experienced",
        "summary": "A meeting with a theme but no agenda: participants create the agenda on the day, host the conversations they care about, and move freely between them.",
        "makes_possible": rich(
            "Large, diverse groups take responsibility for what they care about, and surprising alliances form. Passion and responsibility, rather than seniority, decide what gets discussed.",
        ),
        "when_to_use": bullets(
            "A complex issue with many stakeholders, real urgency and no one answer.",
            "You want people to take ownership of action.",
        ),
        "when_not_to_use": bullets(
            "When the outcome is already decided.",
            "When leaders cannot tolerate not controlling the agenda.",
        ),
        "steps": [
            phase(
                "Open",
                step(
                    "Welcome and theme",
                    "The host introduces the theme as a question, in a circle of chairs.",
                    15,
                    "whole group",
                ),
                step(
                    "Explain the principles",
                    "Whoever comes are the right people; whatever happens is the only thing that could have; when it starts is the right time; when it's over, it's over. And the law of two feet: go where you learn or contribute.",
                    10,
                    "whole group",
                ),
                step(
                    "Create the agenda",
                    "Anyone who cares about an issue writes it down, announces it and posts it on the wall with a time and place.",
                    30,
                    "whole group",
                    "agenda wall",
                ),
            ),
            phase(
                "Conversations and closing",
                step(
                    "Conversations",
                    "Sessions run in parallel; conveners of each write a short report.",
                    180,
                    "self-organised groups",
                    "session reports",
                ),
                step(
                    "Convergence",
                    "On longer events, participants prioritise issues and plan actions.",
                    60,
                    "whole group",
                    "action plans",
                ),
                step(
                    "Closing circle",
                    "Each person may say what they are taking away.",
                    30,
                    "whole group",
                ),
            ),
        ],
        "materials": "A big room with movable chairs, a blank wall, paper, markers, a way to collect reports.",
        "minutes": (180, 1440),
        "group": (5, 2000),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "The invitation matters more than the venue: write it with the people who will come.",
            "The facilitator's job is to hold the space, then get out of the way.",
        ),
        "variations": rich(
            "Half-day versions for partnership days; online with breakout rooms and a shared agenda board."
        ),
        "outputs": "An agenda created by participants; session reports; action plans",
        "originators": "Harrison Owen",
        "origin_year": 1985,
        "attribution": "documented",
        "key_sources": sources(
            "Owen, H. (2008) Open Space Technology: A User's Guide. 3rd edn. Berrett-Koehler.",
        ),
        "purposes": ["decide-together", "build-relationships", "surface-perspectives"],
        "phases": ["convene-and-launch", "act-and-experiment"],
        "traditions": ["participatory-and-dialogic"],
        "scales": ["organisation", "partnership", "place", "sector"],
        "participation": ["co-produced-with-people-with-lived-experience"],
        "sectors": [],
        "competencies": ["K3", "S5", "S8", "B5", "B8"],
        "concepts": ["self-organisation", "emergence"],
        "tags": ["large groups", "self-organising", "gathering"],
        "relations": [],
        "reviewed": 25,
    },
    {
        "title": "World Café",
        "kind": "method",
        "span": "workshop",
        "experience": "some",
        "summary": "Rounds of small-table conversation on questions that matter, with people moving between tables so that ideas cross-pollinate across a large group.",
        "makes_possible": rich(
            "A room of strangers from different organisations can, within an hour or two, hear many perspectives, connect ideas and sense collective patterns, in a relaxed atmosphere that feels more like hospitality than a meeting.",
        ),
        "when_to_use": bullets(
            "Sharing knowledge across a large, mixed group.",
            "Early in a partnership, to build relationships and surface what people care about.",
        ),
        "when_not_to_use": bullets(
            "When a decision or a detailed plan is needed.",
            "With fewer than about twelve people.",
        ),
        "steps": [
            phase(
                "Set the café",
                step(
                    "Create the setting",
                    "Small tables of four or five, paper tablecloths, pens, ideally tea and cake.",
                    15,
                    "host",
                ),
                step(
                    "Welcome",
                    "Explain the café etiquette: focus on what matters, listen together, link and connect ideas, doodle on the tablecloth.",
                    10,
                    "whole group",
                ),
            ),
            phase(
                "Rounds",
                step(
                    "First round",
                    "Each table explores the question.",
                    25,
                    "tables of 4 or 5",
                    "tablecloth notes",
                ),
                step(
                    "Second and third rounds",
                    "A host stays at each table; others travel to new tables, carrying ideas. New questions can deepen the conversation.",
                    50,
                    "tables of 4 or 5",
                ),
            ),
            phase(
                "Harvest",
                step(
                    "Harvest together",
                    "The whole room shares patterns, surprises and questions; someone captures them visually.",
                    20,
                    "whole group",
                    "harvest of themes and questions",
                ),
            ),
        ],
        "materials": "Small tables, paper tablecloths or flipchart paper, pens, refreshments; online, breakout rooms and a shared board.",
        "minutes": (60, 180),
        "group": (12, 1000),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "The questions make or break it: open, simple, about something people care about.",
            "Do not skip the harvest; it is where the room sees itself.",
        ),
        "variations": rich("A 'pro action café' that helps people take their projects forward."),
        "outputs": "Tablecloths, a harvest of themes and questions, new relationships",
        "originators": "Juanita Brown and David Isaacs",
        "origin_year": 1995,
        "attribution": "documented",
        "key_sources": sources(
            "Brown, J. and Isaacs, D. (2005) The World Café: Shaping Our Futures Through Conversations That Matter. Berrett-Koehler.",
            ("The World Café Community Foundation", "https://theworldcafe.com/"),
        ),
        "purposes": ["build-relationships", "surface-perspectives"],
        "phases": ["convene-and-launch"],
        "traditions": ["participatory-and-dialogic"],
        "scales": ["organisation", "partnership", "place"],
        "participation": ["co-designed", "co-produced-with-people-with-lived-experience"],
        "sectors": [],
        "competencies": ["S5", "B8", "B9"],
        "concepts": ["emergence", "multiple-perspectives"],
        "tags": ["large groups", "hospitality", "gathering"],
        "relations": [("alternative_to", "open-space-technology")],
        "reviewed": 35,
    },
    {
        "title": "1-2-4-All",
        "kind": "activity",
        "span": "activity",
        "experience": "none",
        "summary": "Everyone thinks alone, then in pairs, then in fours, then the whole group shares: a quick way to hear from everyone, not only the loudest.",
        "makes_possible": rich(
            "In about twelve minutes everyone in a room, of any size, contributes, ideas get tested and improved in small steps, and the group hears the best of them. It replaces the usual open discussion where a few voices dominate.",
        ),
        "when_to_use": bullets(
            "Any time you would otherwise ask 'any thoughts?'.",
            "At the start of a gathering, to get everyone talking.",
        ),
        "when_not_to_use": bullets(
            "When the question is trivial or already answered.",
        ),
        "steps": [
            phase(
                "One round",
                step("Alone", "Silent reflection on the question.", 1, "alone"),
                step("Pairs", "Build on ideas from reflection.", 2, "pairs"),
                step(
                    "Fours",
                    "Notice similarities and differences; develop the ideas further.",
                    4,
                    "groups of 4",
                ),
                step(
                    "All",
                    "Each group shares one idea that stood out.",
                    5,
                    "whole group",
                    "ideas from the whole group",
                ),
            ),
        ],
        "materials": "Paper for notes; a timer.",
        "minutes": (12, 20),
        "group": (4, 500),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Keep the timings tight; the pace creates energy.",
            "Ask for one idea per group in the 'All' stage, not a report of everything.",
        ),
        "variations": rich(
            "Online with breakout rooms of two, then four. Skip the 'All' stage if time is short and ask groups to post ideas in the chat."
        ),
        "outputs": "Ideas from everyone, the best of them heard by the whole group",
        "originators": "Henri Lipmanowicz and Keith McCandless (Liberating Structures), in use from the early 2000s",
        "origin_year": 2013,
        "attribution": "documented",
        "key_sources": sources(
            "Lipmanowicz, H. and McCandless, K. (2013) The Surprising Power of Liberating Structures. Liberating Structures Press.",
            ("Liberating Structures", "https://www.liberatingstructures.com/"),
        ),
        "licence_note": LIBERATING_STRUCTURES,
        "purposes": ["surface-perspectives", "build-relationships"],
        "phases": ["convene-and-launch"],
        "traditions": ["participatory-and-dialogic"],
        "scales": ["team", "organisation", "partnership"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["S5", "B8"],
        "concepts": [],
        "tags": ["liberating structures", "quick", "first gathering"],
        "relations": [],
        "reviewed": 5,
    },
    {
        "title": "Troika Consulting",
        "kind": "activity",
        "span": "activity",
        "experience": "none",
        "summary": "In threes, one person shares a challenge and turns their back while two peers discuss it freely; quick, practical peer consulting.",
        "makes_possible": rich(
            "Peers get and give practical help in half an hour, and the person with the challenge hears honest ideas without having to defend themselves. It builds trust and the habit of asking for help, which conveners say they rarely have time for.",
        ),
        "when_to_use": bullets(
            "Peer support in a circle or gathering.",
            "After a hard week, when everyone has something on their mind.",
        ),
        "when_not_to_use": bullets(
            "For problems that need confidentiality beyond the three people.",
        ),
        "steps": [
            phase(
                "One round per person",
                step(
                    "Share the challenge",
                    "The client explains their challenge and what help they want.",
                    2,
                    "groups of 3",
                ),
                step("Clarify", "The consultants ask clarifying questions only.", 2, "groups of 3"),
                step(
                    "Turn around",
                    "The client turns their back; the consultants discuss the challenge, offering ideas and observations, while the client listens and takes notes.",
                    5,
                    "groups of 3",
                ),
                step(
                    "Turn back",
                    "The client shares what was valuable.",
                    2,
                    "groups of 3",
                    "ideas for the client",
                ),
                step("Switch", "Rotate until everyone has been the client.", None, "groups of 3"),
            ),
        ],
        "materials": "Chairs that can be turned round; online, the client switches their camera off.",
        "minutes": (30, 35),
        "group": (3, 300),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Turning the back really matters: it frees the consultants and the client.",
            "Consultants talk to each other, not to the client.",
        ),
        "variations": rich(
            "Wise Crowds, another Liberating Structure, for a larger consulting group."
        ),
        "outputs": "Practical ideas for each person's challenge",
        "originators": "Henri Lipmanowicz and Keith McCandless (Liberating Structures)",
        "origin_year": 2013,
        "attribution": "documented",
        "key_sources": sources(
            "Lipmanowicz, H. and McCandless, K. (2013) The Surprising Power of Liberating Structures. Liberating Structures Press.",
            ("Liberating Structures", "https://www.liberatingstructures.com/"),
        ),
        "licence_note": LIBERATING_STRUCTURES,
        "purposes": ["reflect", "build-relationships"],
        "phases": ["learn-and-adapt"],
        "traditions": ["participatory-and-dialogic", "action-learning"],
        "scales": ["person", "team"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["S9", "B1", "B7", "B8"],
        "concepts": [],
        "tags": ["liberating structures", "peer support", "circle"],
        "relations": [
            ("followed_by", "what-so-what-now-what"),
            ("alternative_to", "action-learning-sets"),
        ],
        "reviewed": 12,
    },
    {
        "title": "Action learning sets",
        "kind": "method",
        "span": "programme",
        "experience": "some",
        "summary": "A small group that meets regularly, each member bringing a real problem, and helps each other act on it through questions rather than advice.",
        "makes_possible": rich(
            "Members learn by doing their actual work with the support and challenge of peers; over months, the questions they are asked change how they ask questions of themselves. Sets sustain people through the 'back to reality' moment after a programme ends.",
        ),
        "when_to_use": bullets(
            "People facing hard problems with no obvious answer.",
            "After a training programme, to keep learning in the work.",
        ),
        "when_not_to_use": bullets(
            "When people want expert advice or teaching.",
            "When members cannot commit to meeting regularly.",
        ),
        "steps": [
            phase(
                "Set up",
                step(
                    "Form the set",
                    "Four to eight people, ideally from different organisations, agreeing to meet every four to six weeks for several months.",
                    None,
                    "facilitator",
                ),
                step(
                    "Agree ground rules",
                    "Confidentiality, questions not advice, each person owns their problem.",
                    20,
                    "whole set",
                    "set agreement",
                ),
            ),
            phase(
                "Each meeting",
                step(
                    "Check in",
                    "How is everyone; what has happened since the last meeting?",
                    15,
                    "whole set",
                ),
                step(
                    "Presenter's time",
                    "One member presents a problem; others ask open questions that help them think, then the presenter decides on action.",
                    45,
                    "whole set",
                    "presenter's next action",
                ),
                step(
                    "Review",
                    "What did we learn, about the problem and about how we worked?",
                    10,
                    "whole set",
                ),
            ),
        ],
        "materials": "A quiet room; notebooks.",
        "minutes": (120, 240),
        "group": (4, 8),
        "modes": {"in_person", "online"},
        "tips_and_traps": bullets(
            "Advice disguised as questions ('have you thought of...?') is the most common trap.",
            "Sets often become self-facilitating after a few meetings.",
        ),
        "variations": rich("Shorter online sets of ninety minutes with two presenters."),
        "outputs": "Actions on real problems; learning about self and practice",
        "originators": "Reg Revans, from his work in the coal industry and hospitals from the 1940s",
        "origin_year": 1982,
        "attribution": "documented",
        "key_sources": sources(
            "Revans, R. (1982) The Origins and Growth of Action Learning. Chartwell-Bratt.",
            "Revans, R. (1983) ABC of Action Learning. Chartwell-Bratt.",
            "Pedler, M. (2008) Action Learning for Managers. Gower.",
        ),
        "purposes": ["reflect", "build-relationships"],
        "phases": ["act-and-experiment", "learn-and-adapt"],
        "traditions": ["action-learning"],
        "scales": ["person", "team"],
        "participation": ["co-designed"],
        "sectors": ["health", "social-care"],
        "competencies": ["K3", "S9", "B1", "B7"],
        "concepts": ["double-loop-learning"],
        "tags": ["peer support", "reflection", "circle"],
        "relations": [],
        "reviewed": 200,
    },
    {
        "title": "What? So what? Now what?",
        "kind": "activity",
        "span": "activity",
        "experience": "none",
        "summary": "Three questions for reflecting on an experience together: what happened, why it matters, and what we will do next.",
        "makes_possible": rich(
            "A group moves from impressions to shared sense-making to action without jumping straight to solutions. Used after every gathering, it builds the habit of learning from experience.",
        ),
        "when_to_use": bullets(
            "At the end of a gathering, an experiment or a difficult meeting.",
            "As the structure of a reflection circle session.",
        ),
        "when_not_to_use": bullets(
            "When people are still too upset to describe what happened; give that time first.",
        ),
        "steps": [
            phase(
                "Reflect",
                step(
                    "What?",
                    "What happened? What did you notice? Facts and observations only.",
                    5,
                    "pairs or small groups",
                    "observations",
                ),
                step(
                    "So what?",
                    "Why does it matter? What patterns or meanings do we see?",
                    10,
                    "pairs or small groups",
                    "insights",
                ),
                step(
                    "Now what?",
                    "What will we do next, and what do we want to watch for?",
                    10,
                    "whole group",
                    "next actions",
                ),
            ),
        ],
        "materials": "Three columns on a flipchart or shared document.",
        "minutes": (15, 45),
        "group": (1, 100),
        "modes": {"in_person", "online", "hybrid", "asynchronous"},
        "tips_and_traps": bullets(
            "Hold people at 'What?' for longer than feels natural; jumping to meaning skips the data.",
        ),
        "variations": rich(
            "As a written journal prompt after each session; as a Liberating Structure with 1-2-4-All at each stage."
        ),
        "outputs": "Shared observations, insights and next actions",
        "originators": "Terry Borton (1970); developed as a reflective model by Gary Rolfe, Dawn Freshwater and Melanie Jasper (2001); also a Liberating Structure",
        "origin_year": 1970,
        "attribution": "commonly",
        "key_sources": sources(
            "Borton, T. (1970) Reach, Touch and Teach. McGraw-Hill.",
            "Rolfe, G., Freshwater, D. and Jasper, M. (2001) Critical Reflection for Nursing and the Helping Professions. Palgrave.",
            ("Liberating Structures", "https://www.liberatingstructures.com/"),
        ),
        "purposes": ["reflect", "evaluate-and-learn"],
        "phases": ["learn-and-adapt"],
        "traditions": ["action-learning", "participatory-and-dialogic"],
        "scales": ["person", "team", "partnership"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["S9", "S11", "B1"],
        "concepts": ["double-loop-learning"],
        "tags": ["reflection", "circle", "quick", "liberating structures"],
        "relations": [("alternative_to", "gibbs-reflective-cycle")],
        "reviewed": 8,
    },
    {
        "title": "Ecocycle Planning",
        "kind": "activity",
        "span": "workshop",
        "experience": "some",
        "summary": "Placing all of a group's activities on a cycle of birth, maturity, creative destruction and renewal, to decide what to start, nurture, let go and make space for.",
        "makes_possible": rich(
            "A partnership sees its whole portfolio at once, names activities that are stuck (rigidity traps or poverty traps), and makes the hard decision to stop things with less blame, freeing energy for what is emerging.",
        ),
        "when_to_use": bullets(
            "Annual or strategic reviews of a partnership's work.",
            "When people are overloaded and nothing ever stops.",
        ),
        "when_not_to_use": bullets(
            "If people do not yet trust each other enough to talk about stopping things.",
        ),
        "steps": [
            phase(
                "Map and decide",
                step(
                    "List activities",
                    "Each person lists the activities, projects and initiatives they are involved in.",
                    10,
                    "alone",
                ),
                step(
                    "Place them in pairs",
                    "Agree where each activity sits: birth, maturity, creative destruction, renewal, or stuck in a trap.",
                    15,
                    "pairs",
                ),
                step(
                    "Place them on the group map",
                    "Groups of four place all activities on the large figure-of-eight.",
                    20,
                    "groups of 4",
                    "ecocycle map",
                ),
                step(
                    "Discuss the whole",
                    "What do we notice? What must we let go, what is stuck, what needs nurturing?",
                    20,
                    "whole group",
                ),
                step(
                    "Decide first moves",
                    "Choose first steps for activities in the traps and at the edges.",
                    20,
                    "groups of 4",
                    "first moves",
                ),
            ),
        ],
        "materials": "A large printed ecocycle (an infinity loop) and sticky notes.",
        "minutes": (60, 100),
        "group": (4, 60),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Letting go is grief work; acknowledge it.",
            "Place activities, not people.",
        ),
        "variations": rich("Use it on one person's portfolio in a coaching conversation."),
        "outputs": "An ecocycle map of the group's activities; first moves",
        "originators": "Keith McCandless and Henri Lipmanowicz (Liberating Structures), drawing on C. S. Holling's adaptive cycle",
        "origin_year": 2013,
        "attribution": "documented",
        "key_sources": sources(
            "Lipmanowicz, H. and McCandless, K. (2013) The Surprising Power of Liberating Structures. Liberating Structures Press.",
            "Gunderson, L. H. and Holling, C. S. (eds) (2002) Panarchy: Understanding Transformations in Human and Natural Systems. Island Press.",
        ),
        "licence_note": LIBERATING_STRUCTURES,
        "purposes": ["decide-together", "reflect", "find-leverage"],
        "phases": ["learn-and-adapt", "find-leverage-and-design"],
        "traditions": ["complexity", "participatory-and-dialogic"],
        "scales": ["team", "organisation", "partnership"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["S7", "S8", "B5", "B7"],
        "concepts": ["adaptive-cycle", "emergence"],
        "tags": ["liberating structures", "strategy", "letting go"],
        "relations": [],
        "reviewed": 65,
    },
    {
        "title": "Team Syntegrity",
        "kind": "methodology",
        "span": "programme",
        "experience": "specialist",
        "summary": "Stafford Beer's protocol for thirty or so people to explore a big question non-hierarchically over several days, structured on an icosahedron so that every voice reaches the whole.",
        "makes_possible": rich(
            "A large group with no leader produces a shared, well-tested understanding and priorities, because the structure makes ideas reverberate: each person belongs to two topic teams and critiques two more.",
        ),
        "when_to_use": bullets(
            "A network or sector needs to agree priorities without a hierarchy.",
            "Participants can give three to five days.",
        ),
        "when_not_to_use": bullets(
            "Without experienced facilitators and careful logistics.",
            "For small groups or quick decisions.",
        ),
        "steps": [
            phase(
                "Open the question",
                step(
                    "Opening question",
                    "Agree an important question, such as how our region should look after its older people.",
                    None,
                    "whole group",
                ),
                step(
                    "Problem jostle",
                    "Participants propose and combine statements of importance into twelve topics.",
                    None,
                    "whole group",
                    "twelve topics",
                ),
                step(
                    "Topic auction",
                    "Each person is assigned to two topic teams and as critic to two more, by the icosahedral structure.",
                    None,
                    "whole group",
                ),
            ),
            phase(
                "Reverberate",
                step(
                    "Outcome resolve",
                    "Topic teams meet in several rounds, with critics and observers, and refine a final statement.",
                    None,
                    "teams of five with critics",
                    "twelve final statements",
                ),
                step(
                    "Close",
                    "Share statements and agree how to take them forward.",
                    None,
                    "whole group",
                ),
            ),
        ],
        "materials": "Several rooms, a detailed schedule built on the icosahedron, recorders for each team.",
        "minutes": None,
        "group": (20, 42),
        "modes": {"in_person"},
        "tips_and_traps": bullets(
            "The schedule is complex; use an experienced team.",
            "Critics' role is easily misunderstood; explain it as helping, not judging.",
        ),
        "variations": rich(
            "Shorter versions with fewer topics have been used by others, with mixed results."
        ),
        "outputs": "Twelve topic statements, tested by the whole group",
        "originators": "Stafford Beer",
        "origin_year": 1994,
        "attribution": "documented",
        "key_sources": sources(
            "Beer, S. (1994) Beyond Dispute: The Invention of Team Syntegrity. Wiley.",
        ),
        "purposes": ["decide-together", "surface-perspectives"],
        "phases": ["find-leverage-and-design"],
        "traditions": ["management-cybernetics", "participatory-and-dialogic"],
        "scales": ["partnership", "sector", "national"],
        "participation": ["co-designed"],
        "sectors": [],
        "competencies": ["K2", "S5", "S10", "B8"],
        "concepts": ["requisite-variety", "self-organisation"],
        "tags": ["cybernetics", "large groups", "non-hierarchical"],
        "relations": [("alternative_to", "open-space-technology")],
        "reviewed": 400,
    },
    {
        "title": "PDSA cycles",
        "kind": "method",
        "span": "sessions",
        "experience": "none",
        "summary": "Plan, Do, Study, Act: testing a change on a small scale, studying what happened, and deciding whether to adopt, adapt or abandon it.",
        "makes_possible": rich(
            "Teams learn quickly and safely by testing ideas small before scaling them, and build evidence as they go. Several cycles in a row turn a hunch into a practice that works in this place.",
        ),
        "when_to_use": bullets(
            "Improving a process or service with the people who run it.",
            "Trying an idea from elsewhere in your own context.",
        ),
        "when_not_to_use": bullets(
            "As paperwork that proves something was done: the study step is the point.",
            "When the change is in the whole system's goals or power, not in a process.",
        ),
        "steps": [
            phase(
                "One cycle",
                step(
                    "Plan",
                    "State the change, the prediction of what will happen, and how you will know.",
                    20,
                    "team",
                    "plan with prediction",
                ),
                step(
                    "Do", "Try it on a small scale: one clinic, one day, five people.", None, "team"
                ),
                step(
                    "Study",
                    "Compare what happened with the prediction. What surprised you?",
                    20,
                    "team",
                    "learning",
                ),
                step(
                    "Act",
                    "Adopt, adapt or abandon, and plan the next cycle.",
                    10,
                    "team",
                    "decision and next cycle",
                ),
            ),
        ],
        "materials": "A simple PDSA form; data that can be collected quickly.",
        "minutes": (30, 60),
        "group": (2, 12),
        "modes": {"in_person", "online"},
        "tips_and_traps": bullets(
            "Make the prediction explicit; without it, there is nothing to study.",
            "Start smaller than feels sensible.",
        ),
        "variations": rich(
            "The Model for Improvement adds three questions before the cycles: what are we trying to accomplish, how will we know a change is an improvement, what changes could we make?"
        ),
        "outputs": "Tested changes, with learning recorded",
        "originators": "From Walter Shewhart's cycle (1939) through W. Edwards Deming, who preferred 'study' to 'check'; the Model for Improvement by Langley and colleagues. The naming is disputed",
        "origin_year": None,
        "attribution": "contested",
        "key_sources": sources(
            "Shewhart, W. A. (1939) Statistical Method from the Viewpoint of Quality Control. Graduate School of the Department of Agriculture, Washington.",
            "Deming, W. E. (1993) The New Economics for Industry, Government, Education. MIT.",
            "Langley, G. J. et al. (2009) The Improvement Guide. 2nd edn. Jossey-Bass.",
        ),
        "purposes": ["design-interventions", "evaluate-and-learn"],
        "phases": ["act-and-experiment", "learn-and-adapt"],
        "traditions": ["improvement"],
        "scales": ["team", "organisation"],
        "participation": ["co-designed"],
        "sectors": ["health", "social-care"],
        "competencies": ["K3", "S8", "S11", "B6"],
        "concepts": ["feedback", "double-loop-learning"],
        "tags": ["improvement", "experiments", "quality improvement"],
        "relations": [],
        "reviewed": None,
    },
    {
        "title": "Human Learning Systems learning cycles",
        "kind": "method",
        "span": "programme",
        "experience": "some",
        "summary": "Public services organised around continuous learning about what matters to each person, with funders, commissioners and managers creating the conditions for that learning.",
        "makes_possible": rich(
            "Instead of target-chasing, services learn with people about what works in their lives, and the system around them (commissioning, management, governance) is redesigned to support learning rather than compliance. Systems stewards hold the health of the whole.",
        ),
        "when_to_use": bullets(
            "Commissioners and providers want to move from contracts and KPIs to shared learning.",
            "Places where people's needs are varied and services keep bouncing them around.",
        ),
        "when_not_to_use": bullets(
            "As a new label for the same performance management.",
            "Without senior permission to change how accountability works.",
        ),
        "steps": [
            phase(
                "Set up learning",
                step(
                    "Start from people",
                    "Listen deeply to people using services about what matters in their lives.",
                    None,
                    "practitioners",
                    "insight into what matters",
                ),
                step(
                    "Agree learning questions",
                    "Commissioners, providers and people agree what they are trying to learn.",
                    90,
                    "partners",
                    "learning questions",
                ),
            ),
            phase(
                "Learn in cycles",
                step(
                    "Experiment", "Try changes in practice with the people involved.", None, "teams"
                ),
                step(
                    "Reflect together",
                    "Regular learning sessions where practitioners, managers and commissioners make sense of what happened.",
                    90,
                    "partners",
                    "shared learning",
                ),
                step(
                    "Adapt the system",
                    "Change funding, data, governance or management practice where they get in the way of learning.",
                    None,
                    "systems stewards",
                    "system changes",
                ),
            ),
        ],
        "materials": "A rhythm of learning sessions; simple ways to capture stories and data.",
        "minutes": None,
        "group": (5, 50),
        "modes": {"in_person", "online", "hybrid"},
        "tips_and_traps": bullets(
            "Learning needs protected time; write it into contracts.",
            "Accountability does not disappear: it becomes accountability for learning.",
        ),
        "variations": rich(
            "Learning cycles at three levels: the person, the organisation, the wider system."
        ),
        "outputs": "Learning questions, cycles of experiment and reflection, changes in commissioning and management",
        "originators": "Toby Lowe and colleagues, with Northumbria University, Collaborate CIC, the Centre for Public Impact and many public service organisations",
        "origin_year": 2019,
        "attribution": "documented",
        "key_sources": sources(
            "Lowe, T. and Plimmer, D. (2019) Exploring the New World: Practical Insights for Funding, Commissioning and Managing in Complexity. Collaborate CIC and Northumbria University.",
            "Lowe, T. et al. (2021) Human Learning Systems: Public Service for the Real World.",
            ("Human Learning Systems", "https://www.humanlearning.systems/"),
        ),
        "purposes": ["evaluate-and-learn", "design-interventions"],
        "phases": ["act-and-experiment", "learn-and-adapt"],
        "traditions": ["complexity", "action-learning"],
        "scales": ["organisation", "partnership", "place"],
        "participation": ["co-designed", "co-produced-with-people-with-lived-experience"],
        "sectors": ["local-government", "social-care", "health", "funder"],
        "competencies": ["K3", "K5", "S8", "S11", "B5", "B7"],
        "concepts": ["complex-adaptive-systems", "double-loop-learning", "requisite-variety"],
        "tags": ["human learning systems", "commissioning", "learning"],
        "relations": [("alternative_to", "pdsa-cycles")],
        "reviewed": 18,
    },
    {
        "title": "Gibbs' reflective cycle",
        "kind": "model",
        "span": "activity",
        "experience": "none",
        "summary": "Six stages for learning from an experience: description, feelings, evaluation, analysis, conclusion, action plan.",
        "makes_possible": rich(
            "It slows reflection down so that feelings are acknowledged and analysis goes beyond first impressions. Conveners use it in circles and journals to turn a hard meeting into learning.",
        ),
        "when_to_use": bullets(
            "After a significant or difficult experience.",
            "As a structure for a reflective practice session or a written reflection.",
        ),
        "when_not_to_use": bullets(
            "As a form to fill in mechanically.",
        ),
        "steps": [
            phase(
                "Six stages",
                step("Description", "What happened?", 5, "alone or pairs"),
                step("Feelings", "What were you thinking and feeling?", 5, "alone or pairs"),
                step(
                    "Evaluation", "What was good and bad about the experience?", 5, "alone or pairs"
                ),
                step(
                    "Analysis",
                    "What sense can you make of it? What ideas help explain it?",
                    10,
                    "alone or pairs",
                ),
                step("Conclusion", "What else could you have done?", 5, "alone or pairs"),
                step(
                    "Action plan",
                    "If it happened again, what would you do?",
                    5,
                    "alone or pairs",
                    "action plan",
                ),
            ),
        ],
        "materials": "A journal or the circle's shared notes.",
        "minutes": (20, 60),
        "group": (1, 8),
        "modes": {"in_person", "online", "asynchronous"},
        "tips_and_traps": bullets(
            "The analysis stage is where systems ideas help: which loops, boundaries or perspectives explain what happened?",
        ),
        "variations": rich("Shortened to What? So what? Now what? when time is short."),
        "outputs": "A written or spoken reflection with an action plan",
        "originators": "Graham Gibbs, at Oxford Polytechnic",
        "origin_year": 1988,
        "attribution": "documented",
        "key_sources": sources(
            "Gibbs, G. (1988) Learning by Doing: A Guide to Teaching and Learning Methods. Further Education Unit, Oxford Polytechnic.",
        ),
        "purposes": ["reflect"],
        "phases": ["learn-and-adapt"],
        "traditions": ["action-learning"],
        "scales": ["person", "team"],
        "participation": ["co-designed"],
        "sectors": ["health", "social-care", "education"],
        "competencies": ["S9", "B1"],
        "concepts": ["double-loop-learning"],
        "tags": ["reflection", "circle", "journal"],
        "relations": [],
        "reviewed": 140,
    },
    {
        "title": "Value-creation framework",
        "kind": "model",
        "span": "sessions",
        "experience": "some",
        "summary": "A way to tell and check the story of value created by social learning, across cycles from immediate value to realised, transformative and strategic value.",
        "makes_possible": rich(
            "Communities and networks can show funders and partners the value of convening without pretending it works like a production line: stories link what happened in a gathering to what people did differently and what difference it made, with indicators for each step.",
        ),
        "when_to_use": bullets(
            "Evaluating a community of practice, network or programme of gatherings.",
            "Writing a report for a funder about relational work.",
        ),
        "when_not_to_use": bullets(
            "As a rating scale: the cycles are lenses, not levels of quality.",
        ),
        "steps": [
            phase(
                "Gather and link",
                step(
                    "Collect value stories",
                    "Ask participants to tell how an activity led to something they did differently and what difference it made.",
                    None,
                    "one to one or small groups",
                    "value-creation stories",
                ),
                step(
                    "Tag the cycles",
                    "For each story, note the cycles it shows: immediate, potential, applied, realised, transformative, orienting, enabling, strategic.",
                    30,
                    "core team",
                ),
                step(
                    "Add indicators",
                    "Find data that supports each step of the story: attendance, reuse of a tool, a changed policy.",
                    None,
                    "core team",
                    "indicators",
                ),
                step(
                    "Make sense together",
                    "Share stories with participants and stakeholders; ask what they show about where value flows and where it gets stuck.",
                    60,
                    "whole group",
                    "value report",
                ),
            ),
        ],
        "materials": "A story template; the cycles written out.",
        "minutes": (60, 120),
        "group": (3, 30),
        "modes": {"in_person", "online", "asynchronous"},
        "tips_and_traps": bullets(
            "Ask for the whole chain in one story: stories that stop at 'it was great' are only immediate value.",
        ),
        "variations": rich(
            "Our library tags every story's value rows with these cycles, so you can count them across stories and reflections."
        ),
        "outputs": "Value-creation stories tagged by cycle, with indicators",
        "originators": "Etienne Wenger, Beverly Trayner and Maarten de Laat",
        "origin_year": 2011,
        "attribution": "documented",
        "key_sources": sources(
            "Wenger, E., Trayner, B. and de Laat, M. (2011) Promoting and Assessing Value Creation in Communities and Networks: A Conceptual Framework. Open University of the Netherlands.",
            "Wenger-Trayner, E. and Wenger-Trayner, B. (2020) Learning to Make a Difference: Value Creation in Social Learning Spaces. Cambridge University Press.",
        ),
        "purposes": ["evaluate-and-learn"],
        "phases": ["learn-and-adapt"],
        "traditions": ["evaluation"],
        "scales": ["team", "partnership", "sector"],
        "participation": ["co-designed"],
        "sectors": ["funder", "research"],
        "competencies": ["K5", "S4", "S11"],
        "concepts": ["communities-of-practice", "systems-convening"],
        "tags": ["evaluation", "impact", "communities of practice"],
        "relations": [("alternative_to", "most-significant-change")],
        "reviewed": 22,
    },
    {
        "title": "Six conversations for belonging",
        "kind": "method",
        "span": "sessions",
        "experience": "some",
        "summary": "Peter Block's sequence of conversations (invitation, possibility, ownership, dissent, commitment and gifts) for building communities where people feel they belong and can act.",
        "makes_possible": rich(
            "It turns the art of invitation into a practice: people come because they choose to, talk about possibility rather than problems, own their part, voice doubts without being punished, make promises to each other and name each other's gifts. A gathering becomes a small experience of the community people want.",
        ),
        "when_to_use": bullets(
            "Starting a place-based gathering or a new partnership.",
            "When meetings feel like consultation events where nobody owns anything.",
        ),
        "when_not_to_use": bullets(
            "When people are required to attend: the invitation must be real.",
        ),
        "steps": [
            phase(
                "Before",
                step(
                    "Invitation",
                    "Invite personally, say what is being asked of people, and make it fine to say no.",
                    None,
                    "convener",
                    "invitations",
                ),
            ),
            phase(
                "In the room",
                step(
                    "Possibility",
                    "What future do we want to create here, together?",
                    20,
                    "small groups",
                ),
                step(
                    "Ownership",
                    "How have I contributed to the situation I complain about?",
                    20,
                    "small groups",
                ),
                step(
                    "Dissent",
                    "What doubts and reservations do I have? Listen without fixing.",
                    15,
                    "small groups",
                ),
                step(
                    "Commitment",
                    "What promise am I willing to make, with no expectation of return?",
                    15,
                    "small groups",
                    "promises",
                ),
                step(
                    "Gifts",
                    "What gifts have you seen in others today? Say them aloud.",
                    15,
                    "small groups",
                ),
            ),
        ],
        "materials": "Small circles of chairs; hospitality (tea and cake help).",
        "minutes": (90, 150),
        "group": (6, 80),
        "modes": {"in_person", "online"},
        "tips_and_traps": bullets(
            "Small groups of three or four carry the conversations; the large circle is for sharing.",
            "The dissent conversation builds trust if it is honoured, not argued with.",
        ),
        "variations": rich("Use one conversation per fortnightly gathering over a season."),
        "outputs": "Invitations, shared possibilities, promises, recognised gifts",
        "originators": "Peter Block",
        "origin_year": 2008,
        "attribution": "documented",
        "key_sources": sources(
            "Block, P. (2008) Community: The Structure of Belonging. Berrett-Koehler.",
        ),
        "purposes": ["build-relationships", "imagine-futures"],
        "phases": ["convene-and-launch"],
        "traditions": ["participatory-and-dialogic"],
        "scales": ["team", "partnership", "place"],
        "participation": ["co-produced-with-people-with-lived-experience"],
        "sectors": ["voluntary-and-community"],
        "competencies": ["S5", "S10", "B2", "B8"],
        "concepts": ["systems-convening", "communities-of-practice"],
        "tags": ["invitation", "belonging", "hospitality", "first gathering"],
        "relations": [("followed_by", "world-cafe")],
        "reviewed": 28,
    },
]


# Stories ----------------------------------------------------------------------------------------

# Authors are demo members (by first name) or, in quotes after "name:", people who are not members.
STORIES = [
    {
        "title": "A community partnership for mental health, built with GPs",
        "summary": "GPs, voluntary groups and people with lived experience drew the system together and built a shared commitment to early help and fair access to specialist care.",
        "situation": rich(
            "Practices in our primary care network were referring more and more people to secondary mental health services, and waits were long. Meanwhile community groups that could offer early help were invisible to most GPs, and people told us they were bounced between services.",
        ),
        "what_we_did": rich(
            "Over five fortnightly sessions we brought GPs, practice staff, voluntary sector leaders and people with lived experience of mental ill health together. We started with a rich picture, then mapped who influenced access to support, then formed an action learning set of GPs and community leaders.",
        ),
        "what_happened": rich(
            "The rich picture showed three separate front doors and no shared language. The actor map made clear that receptionists and community link workers held more influence over access than anyone had assumed. The partnership agreed a community-first offer for early help with a clear route to specialist services when needed.",
        ),
        "what_we_learned": rich(
            "GPs engaged when sessions were short, at lunchtime, and when they heard directly from people with lived experience. Drawing made it safe for people without professional status to be heard.",
        ),
        "do_differently": rich(
            "Involve receptionists from the start: they were the system's real gatekeepers."
        ),
        "place": "South London",
        "sectors": ["health", "voluntary-and-community"],
        "perspectives": ["practitioners", "people-with-lived-experience", "managers-and-leaders"],
        "competencies": ["S5", "S6", "B8", "K3"],
        "tags": ["mental health", "primary care", "early help"],
        "authors": ["Ifeoma", "Uma", "name:Joseph Osei"],
        "practices": [
            (
                "rich-pictures",
                "We drew on paper tablecloths over lunch; each GP drew with a community partner.",
            ),
            (
                "actor-and-power-mapping",
                "We mapped influence over access, not formal authority, and included reception teams.",
            ),
            (
                "action-learning-sets",
                "Six GPs and community leaders met monthly for a year, each bringing a real referral dilemma.",
            ),
        ],
        "values": [
            (
                "immediate",
                "Twenty-four people attended the first session; most came back for all five.",
            ),
            (
                "applied",
                "Three practices changed their reception scripts to offer community support first.",
            ),
            (
                "realised",
                "Referrals to secondary care for mild to moderate anxiety fell over the following six months, while use of community groups rose.",
            ),
        ],
    },
    {
        "title": "From library to learning commons",
        "summary": "A university library became a place where services, students and staff learn together, after a series of World Cafés and an honest look at what to let go.",
        "situation": rich(
            "Our library was quiet and under pressure. Student support, careers and digital skills teams each ran their own services in the same building without talking to each other, and students told us they did not know where to go for help.",
        ),
        "what_we_did": rich(
            "We ran World Cafés with students, librarians and the teams in the building, then used Ecocycle Planning to look at everything we were all doing and decide together what to start, keep and stop.",
        ),
        "what_happened": rich(
            "Teams stopped two services nobody used and started a shared help point. Students now run peer study groups as their own communities of practice, supported by staff rather than led by them.",
        ),
        "what_we_learned": rich(
            "Letting go was harder than starting. The Ecocycle made it a shared decision rather than a cut imposed by management.",
        ),
        "do_differently": rich(
            "Bring students into the planning from the first café, not the second."
        ),
        "place": "Dundee",
        "sectors": ["education"],
        "perspectives": ["practitioners", "managers-and-leaders", "communities-and-residents"],
        "competencies": ["S7", "B5", "B9"],
        "tags": ["library", "learning commons", "students"],
        "authors": ["Hamish"],
        "practices": [
            (
                "world-cafe",
                "We held the cafés in the library itself, among the shelves, with students as table hosts.",
            ),
            (
                "ecocycle-planning",
                "We placed services, not teams, on the ecocycle so nobody felt judged.",
            ),
        ],
        "values": [
            ("potential", "Staff from four teams met each other properly for the first time."),
            ("applied", "A shared help point replaced three separate desks."),
            (
                "transformative",
                "The library now describes itself as a learning commons stewarded with students.",
            ),
        ],
    },
    {
        "title": "A literacy alliance that listens to families",
        "summary": "Schools, libraries, faith groups and families mapped who really influences children's reading, and built a theory of change around family literacy.",
        "situation": rich(
            "Many organisations in our state worked on children's literacy, but each had its own programme and its own measures. Families were rarely asked what helped their children read.",
        ),
        "what_we_did": rich(
            "We used Net-Map with groups of parents, teachers and librarians to see who influences a child's reading. We then built a theory of change with the alliance and collected stories of change from families twice a year.",
        ),
        "what_happened": rich(
            "Grandparents, barbers and church volunteers had high influence towers on the parents' maps and were absent from the professionals' maps. The alliance added family reading champions to its theory of change and funds them now.",
        ),
        "what_we_learned": rich(
            "Different groups' maps of the same system were the most powerful evidence we had: showing them side by side changed the conversation.",
        ),
        "do_differently": rich("Pay parents for their time from the start."),
        "place": "Delaware, United States",
        "sectors": ["education", "voluntary-and-community"],
        "perspectives": ["communities-and-residents", "practitioners", "funders"],
        "competencies": ["S3", "S5", "K5", "B9"],
        "tags": ["literacy", "equity", "families"],
        "authors": ["Tom", "name:Denise Carter"],
        "practices": [
            (
                "net-map",
                "We ran separate maps with parents and with professionals, then compared them.",
            ),
            ("theory-of-change", "Families co-wrote the long-term outcome in their own words."),
            ("most-significant-change", "Stories were collected by parent volunteers, not staff."),
        ],
        "values": [
            ("orienting", "The alliance saw for the first time who children actually learn from."),
            (
                "strategic",
                "The alliance's funders changed their criteria to include family reading champions.",
            ),
        ],
    },
    {
        "title": "Active environments across a county",
        "summary": "Planners, public health, transport and sport partners built a shared model of why people are inactive, and found leverage in how new housing is planned.",
        "situation": rich(
            "Physical activity programmes came and went, but activity levels did not change. Each organisation saw a different cause: motivation, safety, cost, green space.",
        ),
        "what_we_did": rich(
            "We ran three group model building workshops with partners from planning, highways, public health, the NHS and community sport, producing causal loop diagrams, and then looked at where to intervene with Meadows' leverage points.",
        ),
        "what_happened": rich(
            "The model showed a reinforcing loop between car-dependent housing estates and declining local facilities. Partners agreed to focus on planning guidance for new developments, a much higher leverage point than another activity programme.",
        ),
        "what_we_learned": rich(
            "Planners were the missing partners; once they saw their decisions in the loops they became our strongest allies. Healthy placemaking is now in local policy.",
        ),
        "do_differently": rich(
            "Keep the diagrams simpler when presenting to councillors: one loop at a time."
        ),
        "place": "Norfolk",
        "sectors": ["health", "local-government"],
        "perspectives": ["managers-and-leaders", "practitioners", "elected-members"],
        "competencies": ["S3", "S4", "S7", "K2", "B6"],
        "tags": ["physical activity", "planning", "healthy placemaking"],
        "authors": ["James"],
        "practices": [
            (
                "group-model-building",
                "Three half-day workshops instead of the usual five, with a modeller drawing live.",
            ),
            ("causal-loop-diagrams", "We presented one loop per slide to the county's leadership."),
            (
                "leverage-points",
                "We placed every partner's current programme on the ladder; almost all were parameters.",
            ),
        ],
        "values": [
            ("applied", "The county's planning guidance now includes active design principles."),
            (
                "enabling",
                "Partners set up a standing group on active environments with planning represented.",
            ),
            (
                "strategic",
                "Healthy placemaking became a priority in the county's health and wellbeing strategy.",
            ),
        ],
    },
    {
        "title": "Fortnightly, with tea and cake",
        "summary": "A place-based gathering that meets every other Thursday afternoon, mixing getting to know each other with one structured conversation, has kept going for two years.",
        "situation": rich(
            "In our neighbourhood, residents, the housing association, the GP surgery, the school and a dozen small groups all worked on the same families without knowing each other. Meetings were formal and people stopped coming after the first enthusiasm.",
        ),
        "what_we_did": rich(
            "We started a gathering every fortnight in the community centre. Each starts with tea, cake and introductions; then one structured conversation, often 1-2-4-All on a question a resident proposed; then What? So what? Now what? to close. Personal invitations follow Peter Block's conversations for belonging.",
        ),
        "what_happened": rich(
            "Between twelve and thirty people come each time. Residents now propose most of the questions. Three joint projects began at the gathering, including a homework club run by parents and the school.",
        ),
        "what_we_learned": rich(
            "The regularity matters more than any single session. Hospitality is not a nice extra; it is how trust starts. Move at the speed of trust.",
        ),
        "do_differently": rich(
            "Rotate who hosts from the start, so it does not depend on one person."
        ),
        "place": "Bristol",
        "sectors": ["voluntary-and-community", "housing", "health"],
        "perspectives": ["communities-and-residents", "practitioners"],
        "competencies": ["S5", "B7", "B8", "S10"],
        "tags": ["place-based", "hospitality", "fortnightly", "gathering"],
        "authors": ["Zoe", "name:Pauline Hardy"],
        "practices": [
            (
                "six-conversations-for-belonging",
                "We used the invitation and gifts conversations every time, and the others once a season.",
            ),
            (
                "1-2-4-all",
                "Residents propose the question; a different person keeps time each fortnight.",
            ),
            (
                "what-so-what-now-what",
                "Five minutes at the end, written on the wall so next time starts from it.",
            ),
        ],
        "values": [
            (
                "immediate",
                "People say they come for the conversation and the cake in equal measure.",
            ),
            (
                "potential",
                "New relationships between residents and the surgery's social prescriber.",
            ),
            ("applied", "A parent-run homework club started with the school."),
        ],
    },
    {
        "title": "Where housing meets health: redrawing a boundary",
        "summary": "A housing provider and the NHS questioned where their responsibilities ended, and found that the people falling between them were the ones costing both the most.",
        "situation": rich(
            "People leaving hospital with nowhere safe to live were staying in beds for weeks. Housing said it was a health problem; health said it was a housing problem.",
        ),
        "what_we_did": rich(
            "We brought ward staff, housing officers, a tenant with lived experience of homelessness and commissioners together. We drew a rich picture of one person's discharge, wrote a CATWOE for each organisation, and then asked boundary questions about who was inside and outside each one's system.",
        ),
        "what_happened": rich(
            "Each CATWOE had a different transformation: health wanted beds freed, housing wanted tenancies sustained. Nobody's system included the weeks in between. Partners agreed a joint step-down flat with a shared budget, and a named person who works across both.",
        ),
        "what_we_learned": rich(
            "The tenant's picture was the turning point: it showed the journey in a way no data had.",
        ),
        "do_differently": rich(
            "Invite finance colleagues early; the shared budget took a year to agree."
        ),
        "place": "Manchester and Newcastle",
        "sectors": ["housing", "health", "local-government"],
        "perspectives": ["people-with-lived-experience", "commissioners", "practitioners"],
        "competencies": ["S2", "S6", "K4", "B2", "B4"],
        "tags": ["housing and health", "hospital discharge", "boundaries"],
        "authors": ["Ben", "Samuel"],
        "practices": [
            (
                "rich-pictures",
                "We drew one real person's discharge journey, with their permission and their help.",
            ),
            ("catwoe", "One CATWOE per organisation, read aloud side by side."),
            (
                "boundary-critique",
                "We drew each organisation's boundary in a different colour on the same picture.",
            ),
        ],
        "values": [
            (
                "orienting",
                "Both organisations saw the gap between their systems for the first time.",
            ),
            (
                "realised",
                "Delayed discharges for people without housing fell by a third in the pilot year.",
            ),
        ],
    },
    {
        "title": "Commissioning as learning: a Human Learning Systems experiment",
        "summary": "A council and its providers replaced a contract's KPIs with shared learning questions, and found they knew more about what worked, not less.",
        "situation": rich(
            "Our adult social care contracts were full of targets that providers met on paper while people's lives did not improve. Providers spent days on monitoring returns that nobody read.",
        ),
        "what_we_did": rich(
            "We used Cynefin with commissioners and providers to agree which parts of the work were complex. For those, we replaced targets with learning questions, monthly learning sessions and a developmental evaluator working alongside us, following Human Learning Systems principles.",
        ),
        "what_happened": rich(
            "Providers told us about what was really happening, including what was not working. We changed three things in the service within the first year because of what we learned, something that never happened under the old contract.",
        ),
        "what_we_learned": rich(
            "Accountability did not disappear; it became accountability for learning. Elected members needed to be part of the journey to trust it.",
        ),
        "do_differently": rich("Explain the change to the audit committee before it asks."),
        "place": "Cardiff and Bradford",
        "sectors": ["social-care", "local-government"],
        "perspectives": ["commissioners", "practitioners", "elected-members"],
        "competencies": ["K3", "K5", "S8", "S11", "B5", "B7"],
        "tags": ["commissioning", "human learning systems", "social care"],
        "authors": ["Nadia", "Eleanor"],
        "practices": [
            (
                "cynefin",
                "We placed each part of the contract on the framework with providers in the room.",
            ),
            (
                "human-learning-systems-learning-cycles",
                "Monthly learning sessions replaced quarterly monitoring returns.",
            ),
            (
                "developmental-evaluation",
                "A part-time evaluator joined the learning sessions and kept a decision log.",
            ),
        ],
        "values": [
            (
                "applied",
                "Three changes to the service in the first year, each traced to a learning session.",
            ),
            (
                "enabling",
                "Providers' time on monitoring fell sharply, and the time went into practice.",
            ),
            ("strategic", "The council is extending the approach to two more contracts."),
        ],
    },
    {
        "title": "Young people set the agenda",
        "summary": "A youth voice project let young people run an Open Space for professionals, and harvested what changed afterwards.",
        "situation": rich(
            "Youth services, schools and the police held many consultations with young people, and young people told us nothing ever changed as a result.",
        ),
        "what_we_did": rich(
            "Young people designed and hosted an Open Space on 'What would make this city feel like ours?' with professionals as guests. They then used Troika Consulting to advise professionals on their challenges, and a year later we harvested outcomes.",
        ),
        "what_happened": rich(
            "Professionals made commitments in front of the young people; the harvest found eleven outcomes, including a changed policy on using school buildings in the evening and a youth seat on the community safety partnership.",
        ),
        "what_we_learned": rich(
            "Reversing the roles, with young people as hosts and consultants, changed the power in the room more than any consultation could.",
        ),
        "do_differently": rich(
            "Budget for young people's time and travel properly, and for follow-up."
        ),
        "place": "Glasgow",
        "sectors": ["education", "voluntary-and-community", "local-government"],
        "perspectives": [
            "people-with-lived-experience",
            "communities-and-residents",
            "practitioners",
        ],
        "competencies": ["S5", "S10", "B2", "B3"],
        "tags": ["youth voice", "co-production", "power"],
        "authors": ["Marcus", "name:Aliyah, youth panel member"],
        "practices": [
            (
                "open-space-technology",
                "Young people wrote the invitation and hosted every session.",
            ),
            (
                "troika-consulting",
                "Young people were the consultants; professionals brought challenges.",
            ),
            (
                "outcome-harvesting",
                "A light harvest a year later, with young people as co-harvesters.",
            ),
        ],
        "values": [
            ("applied", "Schools opened buildings for youth-led evening activities."),
            ("strategic", "A youth seat on the community safety partnership."),
        ],
    },
    {
        "title": "Frontline staff as systems changers",
        "summary": "Support workers from housing, health and charities had time, permission and tools to run their own experiments, and kept going afterwards through action learning.",
        "situation": rich(
            "People working directly with marginalised people could see clearly what was not working, but had no time or permission to change it.",
        ),
        "what_we_did": rich(
            "A six-month programme, with back-filled time and managers' support, introduced the iceberg model and other systems tools, then supported each participant to run a small experiment. Action learning sets continued after the programme ended.",
        ),
        "what_happened": rich(
            "Participants ran fourteen experiments; several became part of how their organisations work. The hardest moment was the return to reality after the programme, which the sets helped with.",
        ),
        "what_we_learned": rich(
            "Permission and time mattered as much as tools. The iceberg was the tool people used most, because they could use it with colleagues the next day.",
        ),
        "do_differently": rich(
            "Keep a clear core of modules when adapting the programme for different groups."
        ),
        "place": "Birmingham and Brighton",
        "sectors": ["housing", "voluntary-and-community", "health"],
        "perspectives": ["practitioners", "managers-and-leaders", "funders"],
        "competencies": ["S1", "S9", "B1", "B3", "B6"],
        "tags": ["frontline", "systems changers", "experiments"],
        "authors": ["Grace", "Rachel"],
        "practices": [
            ("iceberg-model", "We used it with real incidents from participants' own caseloads."),
            (
                "action-learning-sets",
                "Sets of six continued monthly for a year after the programme, self-facilitated.",
            ),
        ],
        "values": [
            (
                "potential",
                "Participants described new confidence to see themselves as changemakers.",
            ),
            ("applied", "Fourteen experiments run in participants' own organisations."),
            ("enabling", "Two organisations now give staff protected time for experiments."),
        ],
    },
]

# A story a member sent in, still waiting for an editor, so the review listing has something in it.
STORY_IN_REVIEW = {
    "title": "Peer researchers redesign the hostel welcome",
    "summary": "Peer researchers with lived experience of homelessness interviewed residents and staff and drew the first night in a hostel as a rich picture.",
    "situation": rich("New residents often left hostels within days. Staff could not say why."),
    "what_we_did": rich(
        "Peer researchers interviewed residents and staff and drew a rich picture of a first night, then ran a What? So what? Now what? session with managers."
    ),
    "what_happened": rich("The welcome was redesigned with a peer buddy for the first week."),
    "what_we_learned": rich("People told peer researchers things they never told staff."),
    "place": "West Midlands",
    "sectors": ["housing", "voluntary-and-community"],
    "perspectives": ["people-with-lived-experience", "practitioners"],
    "competencies": ["S6", "B4"],
    "tags": ["lived experience", "peer research"],
    "authors": ["Grace"],
    "submitted_by": "Grace",
    "practices": [
        ("rich-pictures", "Drawn by peer researchers from interview notes."),
        ("what-so-what-now-what", "With managers, using the picture as the 'What?'."),
    ],
    "values": [("applied", "A peer buddy scheme for the first week.")],
}


# Collections ------------------------------------------------------------------------------------

COLLECTIONS = [
    {
        "title": "Starter kit for new conveners",
        "introduction": rich(
            "New to convening? These five practices will carry you through your first months: inviting people, seeing the system together, understanding power, getting peer support, and learning from what happens. None needs specialist training.",
        ),
        "steps": [
            (
                "six-conversations-for-belonging",
                60,
                "Start with the invitation: who comes, and why they choose to, shapes everything after.",
            ),
            (
                "rich-pictures",
                60,
                "Once people are in the room, draw the situation together before anyone defines the problem.",
            ),
            (
                "actor-and-power-mapping",
                60,
                "The picture shows who is involved; the map shows who holds influence and who is missing, so you know whom to invite next.",
            ),
            (
                "troika-consulting",
                30,
                "Convening is lonely work: take your hardest challenge to two peers.",
            ),
            (
                "what-so-what-now-what",
                20,
                "Close every gathering by learning from it, and start the next one from what you learned.",
            ),
        ],
    },
    {
        "title": "Your first fortnightly gathering",
        "introduction": rich(
            "A plan for a two-hour gathering of people from different organisations and communities in one place. Start with tea, cake and introductions; then draw the situation, question its boundaries, and find the loops that keep it stuck. Leave time at the end to agree who to invite next time.",
        ),
        "steps": [
            (
                "rich-pictures",
                40,
                "Draw first, in mixed groups: it lets everyone in, and gives the rest of the session something to point at.",
            ),
            (
                "boundary-critique",
                30,
                "Draw a line around what the picture covers. Ask who is outside it, who decided, and who should be invited next time.",
            ),
            (
                "causal-loop-diagrams",
                40,
                "Pick the pattern that worries people most and find the loops that keep it going; stop at one or two loops and name a place to push.",
            ),
        ],
    },
]


# Readings and funding sources -------------------------------------------------------------------

# (title, authors, year, url, summary, free to read, practice slugs)
READINGS = [
    (
        "Systems Convening: A crucial form of leadership for the 21st century",
        "Etienne Wenger-Trayner and Beverly Wenger-Trayner",
        2021,
        "https://www.wenger-trayner.com/systems-convening/",
        "Stories and practices of systems conveners from many fields and continents, and a framework for the work of bringing people together across boundaries. Published by the Social Learning Lab with support from Lankelly Chase, the RSA and the Centre for Public Impact.",
        True,
        ["value-creation-framework", "six-conversations-for-belonging"],
    ),
    (
        "Thinking in Systems: A Primer",
        "Donella Meadows",
        2008,
        "https://donellameadows.org/",
        "A clear, warm introduction to stocks, flows, feedback, archetypes and leverage points, with everyday examples.",
        False,
        ["leverage-points", "causal-loop-diagrams", "system-archetypes"],
    ),
    (
        "Learning for Action",
        "Peter Checkland and John Poulter",
        2006,
        "",
        "A short account of Soft Systems Methodology by its originator, for practitioners: rich pictures, root definitions, CATWOE and the learning cycle.",
        False,
        ["soft-systems-methodology", "rich-pictures", "catwoe"],
    ),
    (
        "Critical Systems Heuristics",
        "Werner Ulrich and Martin Reynolds",
        2010,
        "https://wulrich.com/",
        "A chapter in Systems Approaches to Managing Change (Reynolds and Holwell, eds) setting out the twelve boundary questions and how to use them, with examples.",
        False,
        ["critical-systems-heuristics", "boundary-critique"],
    ),
    (
        "Human Learning Systems: Public Service for the Real World",
        "Toby Lowe and colleagues",
        2021,
        "https://www.humanlearning.systems/",
        "A report, with case studies from public services, on managing, funding and commissioning for learning in complex systems rather than for targets.",
        True,
        ["human-learning-systems-learning-cycles"],
    ),
    (
        "The Surprising Power of Liberating Structures",
        "Henri Lipmanowicz and Keith McCandless",
        2013,
        "https://www.liberatingstructures.com/",
        "Thirty-three simple structures for meetings in which everyone takes part, from 1-2-4-All to Ecocycle Planning.",
        False,
        ["1-2-4-all", "troika-consulting", "ecocycle-planning", "what-so-what-now-what"],
    ),
    (
        "Leverage Points: Places to Intervene in a System",
        "Donella Meadows",
        1999,
        "https://donellameadows.org/archives/leverage-points-places-to-intervene-in-a-system/",
        "The essay behind the ladder of leverage points: short, readable, and still provocative.",
        True,
        ["leverage-points"],
    ),
    (
        "Community: The Structure of Belonging",
        "Peter Block",
        2008,
        "",
        "How communities are built through small groups, invitation and conversations of possibility, ownership, dissent, commitment and gifts.",
        False,
        ["six-conversations-for-belonging"],
    ),
]

CHECK_SITE = "Details change: always check the funder's site before applying."

# (funder, name, what they fund, url, deadline in days from today or None if rolling, sectors, region)
FUNDING = [
    (
        "The National Lottery Community Fund",
        "Reaching Communities (England)",
        "Funding above £20,000 for community-led projects that help people and communities thrive, including partnerships and work that brings people together to tackle problems. "
        + CHECK_SITE,
        "https://www.tnlcommunityfund.org.uk/",
        None,
        ["voluntary-and-community", "health"],
        "England",
    ),
    (
        "Esmée Fairbairn Foundation",
        "Funding for organisations",
        "Core and project funding for organisations working towards a fairer future, a healthier natural world and creative, confident communities. Applications start with an eligibility check. "
        + CHECK_SITE,
        "https://esmeefairbairn.org.uk/",
        None,
        ["voluntary-and-community"],
        "UK-wide",
    ),
    (
        "The Health Foundation",
        "Improvement and systems change programmes",
        "Programmes that support people working to improve health and care, including through the Q community. Calls open and close during the year; the date here is illustrative for the demo. "
        + CHECK_SITE,
        "https://www.health.org.uk/funding-and-partnerships",
        95,
        ["health", "social-care", "research"],
        "UK-wide",
    ),
    (
        "Paul Hamlyn Foundation",
        "Ideas and Pioneers Fund",
        "Support for individuals with early-stage ideas that could improve life chances for young people. The date here is illustrative for the demo. "
        + CHECK_SITE,
        "https://www.phf.org.uk/",
        60,
        ["education", "voluntary-and-community"],
        "UK-wide",
    ),
    (
        "Lankelly Chase",
        "Redistribution of its assets (not an open fund)",
        "Lankelly Chase has announced that it is giving away its assets and closing, and does not take unsolicited applications. Listed so conveners know where its work and money are going. "
        + CHECK_SITE,
        "https://lankellychase.org.uk/",
        None,
        ["voluntary-and-community", "funder"],
        "UK-wide",
    ),
    (
        "Corra Foundation",
        "Funds for communities in Scotland",
        "Several funds that support communities and organisations in Scotland, often with a focus on people's own priorities and on place. "
        + CHECK_SITE,
        "https://www.corra.scot/",
        None,
        ["voluntary-and-community"],
        "Scotland",
    ),
]


# Loading ----------------------------------------------------------------------------------------

FACET_MODELS = {
    "purposes": Purpose,
    "phases": Phase,
    "traditions": Tradition,
    "scales": Scale,
    "participation": Participation,
    "perspectives": Perspective,
    "concepts": Concept,
    "sectors": Sector,
}
DEMO_EDITOR_EMAIL = "editor@convening.example"


class _Lookup:
    """Facets by slug and competencies by code, fetched once; a typo in the data fails loudly."""

    def __init__(self):
        self._cache = {}

    def _table(self, name):
        if name not in self._cache:
            if name == "competencies":
                self._cache[name] = {c.code: c for c in Competency.objects.all()}
            else:
                self._cache[name] = {f.slug: f for f in FACET_MODELS[name].objects.all()}
        return self._cache[name]

    def __call__(self, name, keys):
        table = self._table(name)
        missing = [key for key in keys if key not in table]
        if missing:
            raise LookupError(f"Demo data names unknown {name}: {', '.join(missing)}")
        return [table[key] for key in keys]


def _library(home):
    library = PracticeIndexPage.objects.child_of(home).filter(slug="practices").first()
    library = library or PracticeIndexPage.objects.first()
    if library:
        return library, False
    library = home.add_child(
        instance=PracticeIndexPage(
            title="Practices",
            slug="practices",
            show_in_menus=True,
            introduction=(
                "Tools, methods and stories from systems conveners, in plain words and with "
                "honest credit to the people who created them. Filter by what you need to do, "
                "how much time you have and how many people are in the room."
            ),
        )
    )
    library.save_revision().publish()
    return library, True


def _concepts():
    created = 0
    for slug, name, definition, source in CONCEPTS:
        _, made = Concept.objects.get_or_create(
            slug=slug, defaults={"name": name, "definition": definition, "source": source}
        )
        created += made
    return created


def _practice(spec, lookup, steward):
    minutes = spec["minutes"] or (None, None)
    group = spec["group"] or (None, None)
    modes = spec["modes"]
    reviewed = spec["reviewed"]
    page = PracticePage(
        title=spec["title"],
        slug=spec.get("slug") or slugify(spec["title"]),
        kind=spec["kind"],
        span=spec["span"],
        experience=spec["experience"],
        summary=spec["summary"],
        makes_possible=spec["makes_possible"],
        when_to_use=spec["when_to_use"],
        when_not_to_use=spec["when_not_to_use"],
        steps=spec["steps"],
        materials=spec["materials"],
        minutes_min=minutes[0],
        minutes_max=minutes[1],
        group_min=group[0],
        group_max=group[1],
        in_person="in_person" in modes,
        online="online" in modes,
        hybrid="hybrid" in modes,
        asynchronous="asynchronous" in modes,
        tips_and_traps=spec["tips_and_traps"],
        variations=spec["variations"],
        outputs=spec["outputs"],
        originators=spec["originators"],
        origin_year=spec["origin_year"],
        attribution=spec["attribution"],
        key_sources=spec["key_sources"],
        licence_note=spec.get("licence_note", OWN_WORDS),
        steward=steward,
        last_reviewed=None if reviewed is None else date.today() - timedelta(days=reviewed),
        **{
            name: lookup(name, spec[name])
            for name in [
                "purposes",
                "phases",
                "traditions",
                "scales",
                "participation",
                "sectors",
                "concepts",
            ]
        },
        competencies=lookup("competencies", spec["competencies"]),
    )
    page.tags.set(spec["tags"])
    return page


def _practices(library, lookup):
    """Creates the practices that are missing, then links and publishes them: relations are
    added once every practice exists, so each page is published once, with its relations."""
    by_slug = {page.slug: page for page in PracticePage.objects.child_of(library)}
    steward = User.objects.filter(email=DEMO_EDITOR_EMAIL).first()
    new = []
    for spec in PRACTICES:
        slug = spec.get("slug") or slugify(spec["title"])
        if slug in by_slug:
            continue
        page = library.add_child(instance=_practice(spec, lookup, steward))
        by_slug[slug] = page
        new.append((page, spec))
    for page, spec in new:
        page.relations = [
            PracticeRelation(kind=kind, target=by_slug[target])
            for kind, target in spec["relations"]
            if target in by_slug
        ]
        page.save_revision().publish()
    return by_slug, len(new)


def _demo_members():
    members = User.objects.filter(email__endswith="@people.convening.example")
    return {member.first_name: member for member in members}


def _story(spec, lookup, practices, members):
    authors = []
    for author in spec["authors"]:
        if author.startswith("name:"):
            authors.append(StoryAuthor(name=author.removeprefix("name:")))
        elif author in members:
            authors.append(StoryAuthor(member=members[author]))
    return StoryPage(
        title=spec["title"],
        slug=slugify(spec["title"]),
        summary=spec["summary"],
        situation=spec["situation"],
        what_we_did=spec["what_we_did"],
        what_happened=spec["what_happened"],
        what_we_learned=spec["what_we_learned"],
        do_differently=spec.get("do_differently", ""),
        place=spec["place"],
        sectors=lookup("sectors", spec["sectors"]),
        perspectives=lookup("perspectives", spec["perspectives"]),
        competencies=lookup("competencies", spec["competencies"]),
        submitted_by=members.get(spec.get("submitted_by")),
        authors=authors,
        practices_used=[
            StoryPractice(practice=practices[slug], adaptation=adaptation)
            for slug, adaptation in spec["practices"]
        ],
        value_created=[StoryValue(cycle=cycle, evidence=text) for cycle, text in spec["values"]],
    )


def _stories(library, lookup, practices):
    existing = set(StoryPage.objects.child_of(library).values_list("slug", flat=True))
    members = _demo_members()
    created = 0
    for spec in STORIES:
        if slugify(spec["title"]) in existing:
            continue
        story = _story(spec, lookup, practices, members)
        story.tags.set(spec["tags"])
        library.add_child(instance=story)
        story.save_revision().publish()
        created += 1

    spec = STORY_IN_REVIEW
    if slugify(spec["title"]) not in existing:
        story = _story(spec, lookup, practices, members)
        story.live = False
        story.tags.set(spec["tags"])
        library.add_child(instance=story)
        story.save_revision(user=story.submitted_by)
        workflow = story.get_workflow()
        if workflow:
            workflow.start(story, story.submitted_by)
    return created


def _collections(library, practices):
    existing = set(CollectionPage.objects.child_of(library).values_list("slug", flat=True))
    created = 0
    for spec in COLLECTIONS:
        slug = slugify(spec["title"])
        if slug in existing:
            continue
        collection = library.add_child(
            instance=CollectionPage(
                title=spec["title"],
                slug=slug,
                introduction=spec["introduction"],
                # The order is the point of a collection: said, not left to the database.
                steps=[
                    CollectionStep(
                        practice=practices[practice],
                        minutes=minutes,
                        transition=note,
                        sort_order=order,
                    )
                    for order, (practice, minutes, note) in enumerate(spec["steps"])
                ],
            )
        )
        collection.save_revision().publish()
        created += 1
    return created


def _readings(practices):
    created = 0
    for title, authors, year, url, summary, free, practice_slugs in READINGS:
        reading, made = Reading.objects.get_or_create(
            title=title,
            defaults={
                "authors": authors,
                "year": year,
                "url": url,
                "summary": summary,
                "free_to_read": free,
            },
        )
        if made:
            reading.practices.set([practices[slug] for slug in practice_slugs])
            created += 1
    return created


def _funding(lookup):
    created = 0
    for funder, name, what, url, days, sectors, region in FUNDING:
        source, made = FundingSource.objects.get_or_create(
            funder=funder,
            name=name,
            defaults={
                "what_they_fund": what,
                "url": url,
                "deadline": None if days is None else date.today() + timedelta(days=days),
                "region": region,
            },
        )
        if made:
            source.sectors.set(lookup("sectors", sectors))
            created += 1
    return created


def load(out):
    home = Site.objects.get(is_default_site=True).root_page
    lookup = _Lookup()
    # Each page is saved several times while it is built; index its references once, at the end.
    with disable_reference_index_auto_update():
        library, _ = _library(home)
        new_concepts = _concepts()
        practices, new_practices = _practices(library, lookup)
        new_stories = _stories(library, lookup, practices)
        new_collections = _collections(library, practices)
        new_readings = _readings(practices)
        new_funding = _funding(lookup)
        illustrated = illustrate(StoryPage.objects.child_of(library).live().order_by("path"))
    for page in library.get_children().specific():
        ReferenceIndex.create_or_update_for_object(page)
    made = new_practices + new_stories + new_collections + new_concepts + new_readings + new_funding
    out.write(
        f"  Practice library at /{library.slug}/: {len(PRACTICES)} practices, "
        f"{len(STORIES)} stories (and one waiting for review), {len(COLLECTIONS)} collections, "
        f"{len(CONCEPTS)} concepts, {len(READINGS)} readings, {len(FUNDING)} funding sources "
        f"({made} new; {illustrated} stories illustrated)"
    )
