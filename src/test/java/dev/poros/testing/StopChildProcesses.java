package dev.poros.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops every process a test left running (services and workers the local executor started outlive
 * their agent by design), so that no test sees another's and CI ends clean. Registered for every
 * test through JUnit's extension auto-detection.
 */
public final class StopChildProcesses implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
