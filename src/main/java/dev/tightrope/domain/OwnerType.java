package dev.tightrope.domain;

/** Whether an owner is a person or a team. */
public enum OwnerType {
    PERSON,
    TEAM,
    UNKNOWN
}
