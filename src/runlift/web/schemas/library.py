"""The exercise library's documents (`runlift library --json`)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Exercise(BaseModel):
    id: str = Field(examples=["db-romanian-deadlift"])
    name: str = Field(examples=["Dumbbell Romanian deadlift"])
    pattern: str = Field(examples=["hinge"])
    core_types: list[str]
    region: str = Field(examples=["lower"])
    unilateral: bool
    position: str
    equipment: list[str] = Field(description="All of it is needed; empty: bodyweight.", examples=[["dumbbells"]])
    load_type: str
    skill: str = Field(examples=["beginner"])
    traits: list[str]
    stresses: list[str] = Field(description="The body areas it loads (pain keeps it out: MOD-1).")
    regression: str | None = Field(description="The next easier step of its chain.")
    progression: str | None = Field(description="The next harder step of its chain.")
    specificity: int = Field(description="How specific to running it is (SEL-3, SEL-4, SEL-5): higher, more.")
    cues: list[str]


class ChainStep(BaseModel):
    id: str
    name: str
    skill: str


class ExerciseInFull(Exercise):
    chain: list[ChainStep] = Field(description="Its whole regression chain, easiest first, itself included.")
