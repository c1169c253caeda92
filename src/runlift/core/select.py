"""Which exercises fill a session: slots by focus, chosen for level, equipment and pain (SEL, MOD)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from runlift.core.adjust import PainLimit, Replacement
from runlift.core.dose import Role
from runlift.core.library import (
    TRAIT_WEIGHTS,
    BodyArea,
    CoreType,
    Equipment,
    Exercise,
    Intensity,
    Level,
    Library,
    Pattern,
    Trait,
)
from runlift.core.pain import FILE_SCORE, PLYO_RETURN_LINKS, stage_links
from runlift.core.rules import Decision, RuleId, join_why


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in a session for one exercise of a kind."""

    name: str
    role: Role
    patterns: frozenset[Pattern]
    why: tuple[RuleId, ...]
    unilateral: bool | None = None  # None: either
    core_type: CoreType | None = None
    with_trait: Trait | None = None
    without_trait: Trait | None = None
    primary: bool = False  # a main lower-body lift: SEL-3 decides its shape
    lower_only: bool = False  # accessories: pick lower-body ones on leg days
    upper_only: bool = False
    loaded_only: bool = False  # DOSE-4: experienced lifters' main leg work carries a weight
    barbell_only: bool = False  # the week's heavy bilateral lift needs a bar to be heavy
    max_intensity: Intensity | None = None  # plyometrics: the hardest landing allowed (set per session)
    fallback: Slot | None = None  # a broader slot when nothing fits this one

    def admits(self, e: Exercise) -> bool:
        if e.pattern not in self.patterns:
            return False
        if self.unilateral is not None and e.unilateral is not self.unilateral:
            return False
        if self.core_type is not None and self.core_type not in e.core_types:
            return False
        if self.with_trait is not None and self.with_trait not in e.traits:
            return False
        if self.without_trait is not None and self.without_trait in e.traits:
            return False
        if self.lower_only and not e.lower_body:
            return False
        if self.loaded_only and not e.externally_loaded:
            return False
        if self.barbell_only and not e.barbell:
            return False
        if self.max_intensity is not None and e.intensity is not None and e.intensity.rank > self.max_intensity.rank:
            return False
        return not (self.upper_only and e.lower_body)


def _slot(name: str, role: Role, patterns: set[Pattern], why: tuple[RuleId, ...], **kw: object) -> Slot:
    return Slot(name, role, frozenset(patterns), why, **kw)  # type: ignore[arg-type]  # kw mirrors Slot's fields


SQUAT = _slot("squat", Role.MAIN, {Pattern.SQUAT}, ("SEL-1",), primary=True)
SINGLE_LEG = _slot("single-leg", Role.MAIN, {Pattern.SQUAT, Pattern.HINGE}, ("SEL-2", "SEL-4"), unilateral=True)
SINGLE_LEG_HINGE = _slot("single-leg hinge", Role.MAIN, {Pattern.HINGE}, ("SEL-1", "SEL-2", "SEL-8"), unilateral=True)

HINGE = _slot("hinge", Role.MAIN, {Pattern.HINGE}, ("SEL-1", "SEL-8"), primary=True)
HIP_EXTENSION = _slot("hip-extension", Role.MAIN, {Pattern.HIP_EXTENSION}, ("SEL-8",))
PUSH = _slot("push", Role.MAIN, {Pattern.PUSH}, ("SEL-1", "SEL-9"), without_trait=Trait.OVERHEAD)
ANY_PUSH = _slot("push", Role.MAIN, {Pattern.PUSH}, ("SEL-1", "SEL-9"))
OVERHEAD_PUSH = _slot(
    "overhead push", Role.MAIN, {Pattern.PUSH}, ("SEL-1", "SEL-4"), with_trait=Trait.OVERHEAD, fallback=ANY_PUSH
)
PULL = _slot("pull", Role.MAIN, {Pattern.PULL}, ("SEL-1", "SEL-9"))
CALF = _slot("calf", Role.CALF, {Pattern.CALF}, ("SEL-2", "SEL-6"), unilateral=True)
ANTI_ROTATION = _slot(
    "anti-rotation core", Role.CORE, {Pattern.CORE}, ("SEL-2", "SEL-7"), core_type=CoreType.ANTI_ROTATION
)
ANTI_FLEXION = _slot("anti-flexion core", Role.CORE, {Pattern.CORE}, ("SEL-7",), core_type=CoreType.ANTI_FLEXION)
ANTI_LATERAL = _slot(
    "anti-lateral-flexion core",
    Role.CORE,
    {Pattern.CORE, Pattern.CARRY},
    ("SEL-7",),
    core_type=CoreType.ANTI_LATERAL_FLEXION,
)
CARRY = _slot(
    "carry", Role.CORE, {Pattern.CARRY}, ("SEL-7",), core_type=CoreType.ANTI_LATERAL_FLEXION, fallback=ANTI_LATERAL
)
PLYO = _slot("plyometric", Role.PLYOMETRIC, {Pattern.PLYOMETRIC}, ("SEL-4", "DOSE-5"))
ACCESSORY_LOWER = _slot("accessory", Role.ACCESSORY, {Pattern.ACCESSORY}, ("DOSE-6",), lower_only=True)
ACCESSORY_UPPER = _slot("accessory", Role.ACCESSORY, {Pattern.ACCESSORY}, ("DOSE-6",), upper_only=True)

# Session templates by sessions per week and place in the week. Together each week's
# sessions cover squat, hinge, push, pull (SEL-1), single-leg work, calf and anti-rotation
# core (SEL-2) and the posterior chain (SEL-8); the core work varies its kind across the week
# (SEL-7): 3-4 sessions reach all four kinds, 1-2 sessions anti-rotation and anti-flexion.
# SEL-12: 3-5 exercises a session, at most 7 with accessories; one session a week holds the
# seven building blocks, so it has no room for an accessory (a double-leg squat for SEL-3's
# basics, the single-leg work as a single-leg hinge).
# Two full sessions follow seed M's worked example (SCH-8): squat + RDL + dead bug, then
# Bulgarian split squat + single-leg calf raise + Pallof press, with a push and a pull added.
TEMPLATES: Mapping[int, tuple[tuple[Slot, ...], ...]] = {
    1: ((SQUAT, SINGLE_LEG_HINGE, PUSH, PULL, CALF, ANTI_ROTATION, PLYO),),
    2: (
        (SQUAT, HINGE, PUSH, ANTI_FLEXION, PLYO, ACCESSORY_UPPER),
        (SINGLE_LEG, CALF, PULL, HIP_EXTENSION, ANTI_ROTATION, ACCESSORY_LOWER),
    ),
    3: (
        (SQUAT, HINGE, CALF, ANTI_ROTATION, PLYO, ACCESSORY_LOWER),
        (PUSH, PULL, OVERHEAD_PUSH, ANTI_FLEXION, ACCESSORY_UPPER),
        (SINGLE_LEG, HIP_EXTENSION, PULL, CARRY, ACCESSORY_LOWER),
    ),
    4: (
        (SQUAT, HINGE, CALF, ANTI_FLEXION, PLYO, ACCESSORY_LOWER),
        (PUSH, PULL, ANTI_ROTATION, ACCESSORY_UPPER),
        (SINGLE_LEG, HIP_EXTENSION, CALF, PLYO, ANTI_LATERAL, ACCESSORY_LOWER),
        (OVERHEAD_PUSH, PULL, CARRY, ACCESSORY_UPPER),
    ),
}


# Experienced lifters (SEL-3, DOSE-4): the main leg work is loaded every full week, and the
# heavy bilateral lifts keep a place beside the single-leg primaries. Our balance, where SEL-3
# ("the primaries become single-leg") meets the heavy-strength studies behind S (Blagrove 2018,
# which used back squats and deadlifts): each week holds one heavy bilateral squat and one heavy
# bilateral hinge, each paired in its session with the single-leg lift of the other pattern, so
# every week trains both patterns both ways. Without a barbell the bilateral slot falls back to a
# loaded single-leg lift (dumbbells cap a goblet squat long before they cap a split squat).
def _loaded(name: str, patterns: set[Pattern], why: tuple[RuleId, ...], fallback: Slot, **kw: object) -> Slot:
    return _slot(name, Role.MAIN, patterns, why, loaded_only=True, fallback=fallback, **kw)


# Each chain keeps its pattern as long as anything fits: loaded single-leg, then loaded either way,
# then the bodyweight single-leg step, then anything of the pattern.
LOADED_SINGLE_LEG_SQUAT = _loaded(
    "single-leg squat",
    {Pattern.SQUAT},
    ("SEL-2", "SEL-3", "DOSE-4"),
    unilateral=True,
    fallback=_loaded(
        "squat",
        {Pattern.SQUAT},
        ("SEL-1", "DOSE-4"),
        fallback=_slot("single-leg squat", Role.MAIN, {Pattern.SQUAT}, ("SEL-2",), unilateral=True, fallback=SQUAT),
    ),
)
LOADED_SINGLE_LEG_HINGE = _loaded(
    "single-leg hinge",
    {Pattern.HINGE},
    ("SEL-2", "SEL-3", "SEL-8", "DOSE-4"),
    unilateral=True,
    fallback=_loaded("hinge", {Pattern.HINGE}, ("SEL-1", "SEL-8", "DOSE-4"), fallback=SINGLE_LEG_HINGE),
)
HEAVY_SQUAT = _loaded(
    "heavy squat",
    {Pattern.SQUAT},
    ("SEL-1", "DOSE-3", "DOSE-4"),
    unilateral=False,
    barbell_only=True,
    fallback=LOADED_SINGLE_LEG_SQUAT,
)
HEAVY_HINGE = _loaded(
    "heavy hinge",
    {Pattern.HINGE, Pattern.HIP_EXTENSION},
    ("SEL-1", "SEL-8", "DOSE-3", "DOSE-4"),
    unilateral=False,
    barbell_only=True,
    fallback=_loaded(
        "hip-extension",
        {Pattern.HIP_EXTENSION},
        ("SEL-8", "DOSE-4"),
        fallback=_loaded("hinge", {Pattern.HINGE}, ("SEL-1", "SEL-8", "DOSE-4"), fallback=HIP_EXTENSION),
    ),
)
EXPERIENCED_SLOTS: Mapping[Slot, Slot] = {
    SQUAT: HEAVY_SQUAT,
    HINGE: LOADED_SINGLE_LEG_HINGE,
    SINGLE_LEG: LOADED_SINGLE_LEG_SQUAT,
    SINGLE_LEG_HINGE: LOADED_SINGLE_LEG_HINGE,
    HIP_EXTENSION: HEAVY_HINGE,
}


def _chain(slot: Slot) -> list[Slot]:
    """A slot and its fallbacks, widest last."""
    chain = [slot]
    while chain[-1].fallback is not None:
        chain.append(chain[-1].fallback)
    return chain


def heavy_to_learn(e: Exercise, role: Role) -> bool:
    """A movement that costs the legs something to learn (PER-3: DOMS): loaded main work, eccentric-heavy
    work, and jumps above the lowest level."""
    if e.eccentric:
        return True
    if role is Role.PLYOMETRIC:
        return e.intensity is not None and e.intensity.rank > 0
    return role is Role.MAIN and e.externally_loaded and e.lower_body


# One session a week holds one loaded single-leg squat (SEL-2) and one heavy bilateral hinge.
EXPERIENCED_ONE_SESSION: tuple[tuple[Slot, ...], ...] = (
    (
        LOADED_SINGLE_LEG_SQUAT,
        _loaded(
            "heavy hinge",
            {Pattern.HINGE},
            ("SEL-1", "SEL-8", "DOSE-3", "DOSE-4"),
            unilateral=False,
            barbell_only=True,
            fallback=LOADED_SINGLE_LEG_HINGE,
        ),
        PUSH,
        PULL,
        CALF,
        ANTI_ROTATION,
        PLYO,
    ),
)


def templates_for(count: int, level: Level) -> tuple[tuple[Slot, ...], ...]:
    """The session templates for a week of `count` sessions, shaped for the lifter's level (SEL-3)."""
    base = TEMPLATES[count]
    if not level.experienced:
        return base
    if count == 1:
        return EXPERIENCED_ONE_SESSION
    return tuple(tuple(EXPERIENCED_SLOTS.get(slot, slot) for slot in template) for template in base)


@dataclass(slots=True)
class WeekSelection:
    """The week's state: what it has used, so sessions differ and positions vary (SEL-10),
    and the block's familiar exercises, which come first."""

    familiar: frozenset[str] = frozenset()
    familiar_why: tuple[RuleId, ...] = ()  # PRO-8 (keep a routine 3-4 weeks) or PER-3
    used: set[str] = field(default_factory=set)
    positions: set[str] = field(default_factory=set)
    progressed: Mapping[str, str] = field(default_factory=dict)  # PRO-8: a pick -> its harder step now
    announced: frozenset[str] = frozenset()  # steps whose "next step" note was shown in an earlier week
    novel_ok: bool = True  # PER-3: False in the race block, where nothing heavy may be new


@dataclass(frozen=True, slots=True)
class Chooser:
    """Picks exercises for one athlete; eligible lists are cached per slot for the season."""

    library: Library
    level: Level
    equipment: frozenset[Equipment]
    pain: frozenset[BodyArea]
    replacements: Mapping[str, Replacement] = field(default_factory=dict)  # MOD-1/2 from the log
    known_loads: Mapping[str, int] = field(default_factory=dict)  # 0: the runner gave it, 1: estimated from one
    _eligible_cache: dict[tuple[Slot, bool], tuple[Exercise, ...]] = field(default_factory=dict, compare=False)
    # MOD-1/MOD-2: how far exercises loading each painful area step back (core/pain.py); an area in
    # `pain` without a limit steps back as far as pain 3/10 does
    limits: Mapping[BodyArea, PainLimit] = field(default_factory=dict)

    def on_day(self, limits: Mapping[BodyArea, PainLimit]) -> Chooser:
        """The same chooser with the pain of one session's day (the eligible cache is shared)."""
        return replace(self, pain=frozenset(limits), limits=limits)

    def eligible(self, slot: Slot, lower_body: bool) -> tuple[Exercise, ...]:
        key = (slot, lower_body)
        if key not in self._eligible_cache:
            self._eligible_cache[key] = tuple(e for e in self.library if self._eligible(e, slot, lower_body))
        return self._eligible_cache[key]

    def choose(self, slot: Slot, week: WeekSelection, lower_body: bool) -> Decision[Exercise | None]:
        """The best exercise for a slot, stepped back along its chain when it would hurt (MOD-1/2).

        The value is None when nothing fits: the note then says why."""
        decision = self._choose(slot, week, lower_body)
        wider_slot = slot.fallback
        while decision.value is None and wider_slot is not None:
            wider = self._choose(wider_slot, week, lower_body)
            if wider.value is not None:
                decision = wider
            wider_slot = wider_slot.fallback
        return self._replaced(self._progressed(decision, week, slot), week)

    def _progressed(
        self, decision: Decision[Exercise | None], week: WeekSelection, slot: Slot
    ) -> Decision[Exercise | None]:
        """PRO-8: after 3-4 weeks on a bodyweight or core exercise, its harder step takes its place,
        when it still does the slot's job (a core slot keeps its kind, SEL-7)."""
        chosen = decision.value
        if chosen is None or chosen.id not in week.progressed:
            return decision
        step = self.library.get(week.progressed[chosen.id])
        fits = any(s.admits(step) for s in _chain(slot))
        if step.stresses & self.pain or not fits or not step.usable_with(self.equipment):
            return decision
        week.used.add(step.id)
        week.positions.add(step.position.value)
        note = f"{step.name}: the next step after {chosen.name}; a routine progresses every 3-4 weeks (PRO-8)."
        return Decision(step, join_why(decision.why, ("PRO-8",)), "" if step.id in week.announced else note)

    def _replaced(self, decision: Decision[Exercise | None], week: WeekSelection) -> Decision[Exercise | None]:
        """The runner asked to modify this exercise (MOD-1): use the step back they were given."""
        chosen = decision.value
        if chosen is None or chosen.id not in self.replacements:
            return decision
        swap = self.replacements[chosen.id]
        step = self.library.get(swap.exercise)
        if not step.usable_with(self.equipment):
            return decision
        week.used.add(step.id)
        week.positions.add(step.position.value)
        return Decision(step, (*decision.why, *swap.why), swap.note)

    def _choose(self, slot: Slot, week: WeekSelection, lower_body: bool) -> Decision[Exercise | None]:
        candidates = self.eligible(slot, lower_body)
        if not candidates:
            # accessories are optional: a missing one is not worth a line in the plan
            missing = "" if slot.role is Role.ACCESSORY else f"No {slot.name} exercise fits your equipment and level."
            return Decision(None, slot.why, missing)
        # exercises already in this week's other sessions rank last, so sessions differ
        ranked = sorted(candidates, key=lambda e: self._rank(e, slot, week, familiar=True))
        if not week.novel_ok:
            # PER-3: nothing heavy or eccentric-heavy is new in the race block; what is used there was
            # learned in base. Where nothing familiar fits (a plan that starts close to a race), the new
            # lift stays and prescribe() keeps it light (see SessionContext.familiar).
            ranked = [e for e in ranked if e.id in week.familiar or not heavy_to_learn(e, slot.role)] or ranked
        why = slot.why + self._selection_why(slot, ranked[0], week)
        if not ranked[0].stresses & self.pain:
            decision: Decision[Exercise | None] = Decision(ranked[0], why)
        else:
            # MOD-2 steps back from the exercise we would pick without pain, so a regression
            # chosen last week leads to the same regression this week.
            ideal = min(candidates, key=lambda e: self._rank(e, slot, week, familiar=False))
            # ... unless that one spares the area: then the block's own pick steps back (MOD-2: the
            # pattern stays, so knee pain keeps quad work)
            decision = self._modified(ideal if ideal.stresses & self.pain else ranked[0], ranked, why)
        if decision.value is not None:
            week.used.add(decision.value.id)
            week.positions.add(decision.value.position.value)
        return decision

    def _eligible(self, e: Exercise, slot: Slot, lower_body: bool) -> bool:
        if not slot.admits(e) or not e.usable_with(self.equipment) or e.skill.rank > self.level.rank:
            return False
        return lower_body or not (e.lower_body and e.pattern is not Pattern.CARRY)

    def _rank(self, e: Exercise, slot: Slot, week: WeekSelection, familiar: bool) -> tuple[object, ...]:
        used = 1 if e.id in week.used else 0
        known = used * 2 + (0 if (not familiar or not week.familiar or e.id in week.familiar) else 1)

        stretch = abs(self.level.rank - e.skill.rank)
        depth = -self.library.depth(e.id)  # the most progressed step the level allows
        if slot.role is Role.PLYOMETRIC:
            # DOSE-5, SEL-4: the hardest landings the session allows; the cap rises through the season
            tier = -(e.intensity.rank if e.intensity else 0)
            return (tier, known, stretch, -sum(TRAIT_WEIGHTS[t] for t in e.traits), depth, e.id)
        if slot.role is not Role.MAIN:
            novelty = 1 if e.position.value in week.positions else 0  # SEL-10: vary positions
            traits = -sum(TRAIT_WEIGHTS[t] for t in e.traits)  # SEL-4
            specialist = len(e.core_types)  # a Pallof press is anti-rotation first and foremost
            return (known, novelty, stretch, specialist, traits, depth, e.id)
        loaded = 0 if e.externally_loaded else 1  # DOSE-4: load beyond body weight
        has_load = self.known_loads.get(e.id, 2)  # a lift with a known weight shows its load from week one
        if self.level.experienced:
            # SEL-3 and DOSE-4: experienced lifters get loaded, single-leg, contralaterally loaded primaries.
            return (known, loaded, has_load, -e.specificity, -e.skill.rank, depth, e.id)
        # SEL-3: basics first; the squat and hinge slots stay double-leg for newer lifters.
        two_legs_first = 1 if (slot.primary and e.unilateral) else 0
        return (known, two_legs_first, loaded, has_load, stretch, -e.specificity, depth, e.id)

    def _selection_why(self, slot: Slot, pick: Exercise, week: WeekSelection) -> tuple[RuleId, ...]:
        why: tuple[RuleId, ...] = ()
        if slot.role is Role.MAIN:
            # SEL-5 is about free weights: a bodyweight pick never claims it
            why = ("SEL-3", "SEL-5") if pick.externally_loaded else ("SEL-3", "DOSE-4")
        if slot.role is Role.CORE:
            why += ("SEL-10",)
        if pick.id in week.familiar:
            why += week.familiar_why
        return why

    def _modified(
        self, preferred: Exercise, ranked: list[Exercise], why: tuple[RuleId, ...]
    ) -> Decision[Exercise | None]:
        """MOD-1/MOD-2: pain is modified loading, not removal. The exercise steps back along its own
        chain (knee pain keeps quad work, Achilles pain calf work) to the link the pain allows
        (`PainLimit.links` above the chain's root); jumps that load the area wait (see `_jump`)."""
        painful = preferred.stresses & self.pain
        if not painful:  # the usual pick (before this block's routine) spares the area
            return Decision(preferred, why)
        areas = ", ".join(sorted(a.value for a in painful))
        limits = [self.limits.get(a, _FILE_LIMIT) for a in painful]
        active = any(limit.active for limit in limits)
        links = min(limit.links for limit in limits)
        if preferred.pattern is Pattern.PLYOMETRIC:
            return self._jump(preferred, ranked, why, areas, None if active else links)
        chain = [e for e in self.library.regressions(preferred.id) if e.usable_with(self.equipment)]
        height = len(chain)  # links between the preferred exercise and the chain's root
        if not active and links >= height:
            # back: said in the first week only (links grow one a week)
            back = f"{preferred.name}: back after the {areas} pain settled." if links == height else ""
            return Decision(preferred, why + ("MOD-2",), back)
        if not chain:
            for alternative in ranked[1:]:
                if not alternative.stresses & self.pain:
                    return Decision(
                        alternative,
                        why + ("MOD-1",),
                        f"{alternative.name} instead of {preferred.name}, which loads the {areas}.",
                    )
            if preferred.regression is None:  # already the root (an isometric hold, say): it stays
                return Decision(
                    preferred,
                    why + ("MOD-1", "MOD-2"),
                    f"{preferred.name}, the easiest step of its chain: keep the {areas} at 3/10 or less.",
                )
            return Decision(
                None,
                why + ("MOD-1",),
                f"No {areas}-friendly {preferred.pattern.value} exercise you can do: left out until the pain settles.",
            )
        # active pain: at most `links` above the root and at least one link below the usual exercise
        up = min(links, height - 1) if active else links
        step = chain[height - 1 - up]
        if active:
            note = (
                f"{step.name} instead of {preferred.name}: {areas} pain, so a step back that still "
                f"loads it; keep it at 3/10 or less during and the next morning."
            )
        else:
            note = f"{step.name} on the way back to {preferred.name} after the {areas} pain: a step a week."
        return Decision(step, why + ("MOD-1", "MOD-2"), note)

    def _jump(
        self, preferred: Exercise, ranked: list[Exercise], why: tuple[RuleId, ...], areas: str, links: int | None
    ) -> Decision[Exercise | None]:
        """Landings are the heaviest load a sore knee or Achilles sees: a jump that loads it steps back
        to one that spares it, or waits until the strength work is back: `links` (None while the
        pain is active) reaches `PLYO_RETURN_LINKS` (MOD-1, MOD-2)."""
        if links is not None and links >= PLYO_RETURN_LINKS:
            back = f"{preferred.name}: back after the {areas} pain settled." if links == PLYO_RETURN_LINKS else ""
            return Decision(preferred, why + ("MOD-2",), back)
        chain = [e for e in self.library.regressions(preferred.id) if e.usable_with(self.equipment)]
        for option in (*chain, *ranked[1:]):
            if not option.stresses & self.pain:
                return Decision(
                    option,
                    why + ("MOD-1", "MOD-2"),
                    f"{option.name} instead of {preferred.name}, which loads the {areas}.",
                )
        return Decision(
            None,
            why + ("MOD-1",),
            f"No jumps that load the {areas} until the pain has settled and the strength work is back.",
        )


_FILE_LIMIT = PainLimit(stage_links(FILE_SCORE), True, FILE_SCORE)
