package dev.poros.status;

/**
 * An open pull (merge) request as its forge lists it: its number ({@code iid} on GitLab), the
 * commit its head is at, and the branch it would merge into.
 */
public record PullRequest(long number, String headSha, String baseBranch) {}
