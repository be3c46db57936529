package dev.poros.schedule;

import dev.poros.source.RepoSpec;
import java.time.Duration;

/**
 * A repository the agent keeps in sync: what to read, how often to poll it, and the executor that
 * applies it.
 */
public record WatchedRepository(String name, RepoSpec spec, Duration interval, String executor) {}
