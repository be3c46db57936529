package dev.poros.testing;

import dev.poros.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code poros} in this JVM and captures what it prints. */
public final class Cli {
  private Cli() {}

  /** What one command line did. */
  public record Result(int exitCode, String out, String err) {
    public String all() {
      return out + err;
    }
  }

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
