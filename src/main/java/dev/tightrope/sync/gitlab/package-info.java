/**
 * The GitLab CI connector: the pipelines of the configured projects (each a run of the project's
 * CI pipeline), their jobs, the artifacts the jobs kept — listed with their size and type, and
 * without a digest, because GitLab's API gives none and Tightrope does not invent one — and the
 * files of each project's package registry, whose {@code file_sha256} is their digest, produced by
 * the pipelines that uploaded them; live over REST v4 ({@code X-Next-Page} / {@code Link} paging,
 * {@code updated_after} for later syncs) or offline from saved answers.
 */
package dev.tightrope.sync.gitlab;
