package dev.poros.reconcile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verdict of each repository's last settled sync, by repository id, kept in memory for the
 * reconcilers of one process and one Poros DB to judge the next commit as a change of it.
 */
public final class SettledVerdicts {
  private final Map<Long, SettledJudgement> byRepository = new ConcurrentHashMap<>();

  Optional<SettledJudgement> of(long repositoryId) {
    return Optional.ofNullable(byRepository.get(repositoryId));
  }

  void keep(SettledJudgement judgement) {
    byRepository.put(judgement.repositoryId(), judgement);
  }

  void forget(long repositoryId) {
    byRepository.remove(repositoryId);
  }
}
