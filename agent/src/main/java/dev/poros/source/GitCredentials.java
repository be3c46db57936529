package dev.poros.source;

/**
 * A user name and password (or token) for a private remote over http(s). Never printed: its {@link
 * #toString()} hides the password.
 */
public record GitCredentials(String username, String password) {
  @Override
  public String toString() {
    return "GitCredentials[username=" + username + ", password=***]";
  }
}
