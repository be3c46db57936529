package dev.poros.schedule;

import dev.poros.source.RepoSpec;
import java.time.Duration;

/** A repository the agent keeps in sync: what to read, and how often to poll it. */
public record WatchedRepository(String name, RepoSpec spec, Duration interval) {}
