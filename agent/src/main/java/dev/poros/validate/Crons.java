package dev.poros.validate;

import java.text.ParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Cron expressions as workflows write them: Quartz's (six or seven fields, seconds first) or the
 * five-field Unix form DataOS docs use ({@code 00 20 * * *}), which becomes Quartz's with seconds
 * 0, {@code ?} for the unused day field and Sunday as 1.
 */
public final class Crons {
  private Crons() {}

  /** The Quartz expression, or an {@link IllegalArgumentException} saying what is wrong. */
  public static String toQuartz(String cron) {
    String[] fields = cron.trim().split("\\s+");
    String quartz = fields.length == 5 ? fromUnix(fields) : cron.trim();
    try {
      CronExpression.validateExpression(quartz);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "'"
              + cron
              + "' is not a cron expression: "
              + e.getMessage()
              + (fields.length == 5 ? " (read as Quartz '" + quartz + "')" : ""));
    }
    return quartz;
  }

  private static String fromUnix(String[] f) {
    String dayOfMonth = f[2];
    String dayOfWeek = unixDays(f[4]);
    if (dayOfWeek.equals("*")) {
      dayOfWeek = "?";
    } else if (dayOfMonth.equals("*")) {
      dayOfMonth = "?";
    }
    return String.join(" ", "0", f[0], f[1], dayOfMonth, f[3], dayOfWeek);
  }

  /** Unix counts days of the week 0-6 (or 7) from Sunday; Quartz 1-7. */
  private static String unixDays(String field) {
    StringBuilder out = new StringBuilder();
    Matcher m = Pattern.compile("\\d+").matcher(field);
    int last = 0;
    while (m.find()) {
      int day = Integer.parseInt(m.group()) % 7;
      out.append(field, last, m.start()).append(day + 1);
      last = m.end();
    }
    // a step (*/2) is a count, not a day: undo the shift after '/'
    String converted = out.append(field.substring(last)).toString();
    int slash = field.indexOf('/');
    return slash < 0
        ? converted
        : converted.substring(0, converted.indexOf('/')) + field.substring(slash);
  }
}
