package dev.poros.store;

import dev.poros.model.ObjectRef;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The {@code k8s_object} table: the Kubernetes objects each resource owns. */
public final class InventoryStore {
  private final PorosDb db;
  private final Clock clock;

  public InventoryStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The objects {@code resourceKey} owns, in a stable order. */
  public List<OwnedObject> of(String resourceKey) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT api_version, kind, namespace, name, uid, hash, applied FROM k8s_object WHERE resource_key = ? ORDER BY api_group, kind, namespace, name",
                rs ->
                    new OwnedObject(
                        new ObjectRef(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)),
                resourceKey));
  }

  /**
   * Records that {@code resourceKey} is about to apply {@code ref}: from now on the next sync knows
   * of the object, whether or not the apply finishes. A hash already recorded is kept until {@link
   * #applied} replaces it.
   */
  public void applying(String resourceKey, ObjectRef ref) {
    db.transaction(
        c ->
            Rows.update(
                c,
                """
        INSERT INTO k8s_object (resource_key, api_group, api_version, kind, namespace, name, uid, hash, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, '', '', ?)
        ON CONFLICT (resource_key, api_group, kind, namespace, name) DO UPDATE SET
          api_version = excluded.api_version, hash = '', updated_at = excluded.updated_at""",
                resourceKey,
                ref.group(),
                ref.apiVersion(),
                ref.kind(),
                ref.namespace(),
                ref.name(),
                clock.instant().toString()));
  }

  /**
   * Records that {@code ref} was applied as {@code applied} (content {@code hash}) and has {@code
   * uid}.
   */
  public void applied(String resourceKey, ObjectRef ref, String uid, String hash, String applied) {
    db.transaction(
        c ->
            Rows.update(
                c,
                "UPDATE k8s_object SET uid = ?, hash = ?, applied = ?, updated_at = ? WHERE resource_key = ? AND api_group = ? AND kind = ? AND namespace = ? AND name = ?",
                uid,
                hash,
                applied,
                clock.instant().toString(),
                resourceKey,
                ref.group(),
                ref.kind(),
                ref.namespace(),
                ref.name()));
  }

  /**
   * The API versions and kinds of every object the resources of {@code repositoryIds} own, with
   * each namespace they own them in: what there is to watch on their cluster (no name).
   */
  public List<ObjectRef> kinds(Collection<Long> repositoryIds) {
    if (repositoryIds.isEmpty()) {
      return List.of();
    }
    String ids = String.join(",", Collections.nCopies(repositoryIds.size(), "?"));
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT DISTINCT o.api_version, o.kind, o.namespace FROM k8s_object o"
                    + " JOIN resource r ON r.key = o.resource_key WHERE r.repository_id IN ("
                    + ids
                    + ")",
                rs -> new ObjectRef(rs.getString(1), rs.getString(2), rs.getString(3), ""),
                repositoryIds.toArray()));
  }

  /** Forgets {@code ref}: deleted, or left to others (prune disabled). */
  public void forget(String resourceKey, ObjectRef ref) {
    db.transaction(
        c ->
            Rows.update(
                c,
                "DELETE FROM k8s_object WHERE resource_key = ? AND api_group = ? AND kind = ? AND namespace = ? AND name = ?",
                resourceKey,
                ref.group(),
                ref.kind(),
                ref.namespace(),
                ref.name()));
  }
}
