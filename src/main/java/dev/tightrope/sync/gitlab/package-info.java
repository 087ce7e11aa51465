/**
 * The GitLab CI connector: the pipelines of the configured projects (each a run of the project's
 * CI pipeline), their jobs, and the artifacts the jobs kept — listed with their size and type, and
 * without a digest, because GitLab's API gives none and Tightrope does not invent one; live over
 * REST v4 ({@code X-Next-Page} / {@code Link} paging, {@code updated_after} for later syncs) or
 * offline from saved answers.
 */
package dev.tightrope.sync.gitlab;
