package dev.poros.status.forge;

import java.net.URI;

/** A repository on a forge, by owner and name, as its API paths name it. */
public record ForgeRepository(String owner, String name) {

  /**
   * The owner and name in a clone URL: {@code https://host/OWNER/NAME(.git)}, {@code
   * git@host:OWNER/NAME.git}; an {@link IllegalArgumentException} says why not.
   */
  public static ForgeRepository fromUrl(String url) {
    String[] parts = projectPath(url).split("/");
    return new ForgeRepository(parts[parts.length - 2], parts[parts.length - 1]);
  }

  /** The whole path of a clone URL ({@code group/subgroup/project}), as GitLab names projects. */
  public static String projectPath(String url) {
    String path = url.strip();
    if (path.matches("[^/@]+@[^:]+:.+")) {
      path = path.substring(path.indexOf(':') + 1);
    } else {
      path = URI.create(path).getPath();
    }
    path = path.replaceAll("^/+|/+$", "").replaceAll("\\.git$", "");
    if (!path.contains("/")) {
      throw new IllegalArgumentException(
          "cannot tell owner and repository from "
              + url
              + ": give them (status.owner, .repository)");
    }
    return path;
  }

  /** The origin ({@code scheme://host:port/}) of an http(s) clone URL. */
  public static URI origin(String url) {
    URI uri = URI.create(url.strip());
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "cannot tell the forge's address from " + url + ": give it (status.url)");
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().replaceAll("^.*@", "") + "/");
  }

  String path() {
    return "repos/" + owner + "/" + name;
  }

  /** {@code base} with {@code sub} under it, ending in a slash so that paths resolve below it. */
  static URI under(URI base, String sub) {
    String text = base.toString();
    return URI.create((text.endsWith("/") ? text : text + "/") + sub + "/");
  }
}
