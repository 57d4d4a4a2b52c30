import type { UserSettingsPatch } from "../db/repos/users.repo.ts";
import type { Repository } from "../db/repository.ts";

/** The playback cache's settings as the owner's page shows them. */
export interface PlaybackCacheConfig {
  enabled: boolean;
  /** Share of the data folder's disk the cache may take. */
  max_percent: number;
  auto_generate: boolean;
}

/** Settings people change from the dashboard: each user's display preferences, the playback cache's. */
export class SettingsService {
  constructor(private readonly deps: { repo: Pick<Repository, "userSettings" | "serverSettings"> }) {}

  preferences(userId: string) {
    return this.deps.repo.userSettings.get(userId);
  }

  updatePreferences(userId: string, patch: UserSettingsPatch) {
    return this.deps.repo.userSettings.update(userId, patch);
  }

  async playbackCache(): Promise<PlaybackCacheConfig> {
    return cacheView(await this.deps.repo.serverSettings.get());
  }

  async updatePlaybackCache(config: PlaybackCacheConfig): Promise<PlaybackCacheConfig> {
    return cacheView(
      await this.deps.repo.serverSettings.update({
        playback_cache_enabled: config.enabled,
        playback_cache_max_percent: config.max_percent,
        playback_cache_auto_generate: config.auto_generate,
      }),
    );
  }
}

function cacheView(s: {
  playback_cache_enabled: boolean;
  playback_cache_max_percent: number;
  playback_cache_auto_generate: boolean;
}): PlaybackCacheConfig {
  return {
    enabled: s.playback_cache_enabled,
    max_percent: s.playback_cache_max_percent,
    auto_generate: s.playback_cache_auto_generate,
  };
}
