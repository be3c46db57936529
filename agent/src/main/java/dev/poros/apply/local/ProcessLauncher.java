package dev.poros.apply.local;

import java.nio.file.Path;

/**
 * Runs a node's attempt as a process on this machine: in a folder of its own with the stack's
 * config and secret files, its output masked into its log, killed at its timeout.
 */
final class ProcessLauncher implements NodeLauncher {
  private final Redactor redactor;
  private final RunSettings settings;

  ProcessLauncher(Redactor redactor, RunSettings settings) {
    this.redactor = redactor;
    this.settings = settings;
  }

  @Override
  public Outcome run(Attempt attempt) {
    JobFolder folder = new JobFolder(attempt.folder());
    try {
      JobFolder.Prepared job = folder.prepare(attempt.job());
      Path workingDir =
          attempt.workingDir() == null
              ? folder.path()
              : folder.path().resolve(attempt.workingDir());
      JobProcess.Outcome outcome =
          JobProcess.run(
              job.command(),
              job.environment(),
              workingDir,
              attempt.log(),
              redactor,
              attempt.timeout(),
              settings.stopGrace(),
              settings.logCapBytes(),
              attempt::started);
      return new Outcome(outcome.exitCode(), outcome.message());
    } finally {
      folder.forgetSecrets();
    }
  }
}
