package dev.poros.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Everything Poros logs while open, as text (formatted messages and exceptions). */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger poros = (Logger) LoggerFactory.getLogger("dev.poros");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level before = poros.getLevel();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
    poros.setLevel(Level.DEBUG);
  }

  public String text() {
    return appender.list.stream()
        .map(
            e ->
                (e.getFormattedMessage()
                        + (e.getKeyValuePairs() == null
                            ? ""
                            : e.getKeyValuePairs().stream()
                                .map(kv -> " " + kv.key + "=" + kv.value)
                                .collect(Collectors.joining())))
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " " + e.getThrowableProxy().getMessage()))
        .collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    poros.setLevel(before);
  }
}
