import { readFileSync } from 'node:fs';
import { hubsFromJson, type HubConfig } from './config.ts';

export function loadHubsFile(file: string): HubConfig[] {
  return hubsFromJson(JSON.parse(readFileSync(file, 'utf8')));
}
