package dev.poros.store;

import java.nio.file.Path;
import java.time.Clock;

/** The Poros DB and its tables, opened together for one data directory. */
public record Stores(
    PorosDb db,
    RepositoryStore repositories,
    ResourceStore resources,
    SyncStore syncs,
    EventStore events,
    RunStore runs,
    ProcessStore processes,
    InventoryStore inventory,
    StatusStore statuses,
    PreviewStore previews,
    SecretVault vault,
    Generations generations,
    DeclaredFiles declared,
    VerdictStore verdicts) {

  public static Stores open(Path dataDir, Clock clock) {
    PorosDb db = PorosDb.open(dataDir);
    return new Stores(
        db,
        new RepositoryStore(db),
        new ResourceStore(db, clock),
        new SyncStore(db, clock),
        new EventStore(db, clock),
        new RunStore(db, clock),
        new ProcessStore(db, clock),
        new InventoryStore(db, clock),
        new StatusStore(db, clock),
        new PreviewStore(db),
        SecretVault.open(dataDir),
        new Generations(db),
        new DeclaredFiles(db),
        new VerdictStore(db));
  }
}
