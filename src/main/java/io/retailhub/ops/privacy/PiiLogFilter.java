package io.retailhub.ops.privacy;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The safety net under every log handler ({@code quarkus.log.console.filter} and {@code
 * quarkus.log.file.filter} = {@value #NAME}): formats the record's message once, masks it with
 * {@link PiiMasker#maskLogText}, and replaces the thrown exception by a copy whose messages are
 * masked the same way (the stack trace is kept). It never drops a record. The first line of defence
 * is that the hub logs no bodies; this filter catches what libraries put into exception messages.
 */
@LoggingFilter(name = PiiLogFilter.NAME)
public final class PiiLogFilter implements Filter {
  public static final String NAME = "pii-mask";

  /**
   * SmallRye Health's reports of a DOWN check: check names, states and their data (route IDs,
   * breaker states), never personal data. Masked as JSON, every check's {@code name} became {@code
   * ***} and the line no longer said which check was down.
   */
  static final String HEALTH_REPORTER = "io.smallrye.health";

  @Override
  public boolean isLoggable(LogRecord record) {
    boolean maskMessage = !HEALTH_REPORTER.equals(record.getLoggerName());
    if (maskMessage && record instanceof ExtLogRecord ext) {
      String formatted = ext.getFormattedMessage();
      String masked = PiiMasker.maskLogText(formatted);
      // set even when unchanged: the record is then plain text, not formatted a second time
      ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
      ext.setParameters(null);
    } else if (maskMessage && record.getMessage() != null && record.getParameters() == null) {
      record.setMessage(PiiMasker.maskLogText(record.getMessage()));
    }
    if (record.getThrown() != null && !(record.getThrown() instanceof MaskedThrowable)) {
      record.setThrown(MaskedThrowable.of(record.getThrown()));
    }
    return true;
  }

  /**
   * A stand-in for a logged exception: prints as the original class with a masked message, keeps
   * the original stack trace, and wraps the cause chain and suppressed exceptions the same way.
   */
  static final class MaskedThrowable extends RuntimeException {
    private final String originalClass;

    private MaskedThrowable(String originalClass, String maskedMessage, Throwable maskedCause) {
      super(maskedMessage, maskedCause, true, true);
      this.originalClass = originalClass;
    }

    static Throwable of(Throwable original) {
      return of(original, 0);
    }

    private static MaskedThrowable of(Throwable original, int depth) {
      // a cause chain is short; the bound only guards against a cycle
      Throwable cause = original.getCause();
      MaskedThrowable maskedCause =
          cause != null && cause != original && depth < 16 ? of(cause, depth + 1) : null;
      MaskedThrowable masked =
          new MaskedThrowable(
              original.getClass().getName(),
              PiiMasker.maskLogText(original.getMessage()),
              maskedCause);
      masked.setStackTrace(original.getStackTrace());
      if (depth < 16) {
        for (Throwable suppressed : original.getSuppressed()) {
          masked.addSuppressed(of(suppressed, depth + 1));
        }
      }
      return masked;
    }

    @Override
    public String toString() {
      String message = getLocalizedMessage();
      return message == null ? originalClass : originalClass + ": " + message;
    }
  }
}
