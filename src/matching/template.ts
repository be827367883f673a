import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseYamlFile } from '../io/yaml.js';
import { KyodoError, UsageError, ValidationError, msg } from '../errors.js';

/** The score components of a volunteer–opening pair, each worth 0..weight points. */
export const SCORE_COMPONENTS = ['interest', 'preferred_skills', 'distance', 'schedule', 'new_volunteer', 'unserved_org'] as const;
export type ScoreComponent = (typeof SCORE_COMPONENTS)[number];

export interface MatchingTemplate {
  name: string;
  /** Where it came from (a path, or "default"). */
  source: string;
  sha256: string;
  weights: Record<ScoreComponent, number>;
  defaultRadiusKm: number;
  remoteDistancePoints: number;
}

export const DEFAULT_TEMPLATE_PATH = new URL('../../templates/matching/default.yaml', import.meta.url).pathname;

/** Loads and validates a matching template; every problem is reported at once. */
export function loadMatchingTemplate(path?: string): MatchingTemplate {
  const file = path ?? DEFAULT_TEMPLATE_PATH;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError('unreadable_file', msg(`cannot read template ${file}: ${(err as Error).message}`, `テンプレート ${file} を読めません: ${(err as Error).message}`), { file });
  }
  const doc = (parseYamlFile(text, file, 'invalid_template') ?? {}) as Record<string, unknown>;
  const problems: KyodoError[] = [];
  const problem = (en: string, ja: string) => problems.push(new KyodoError('invalid_template', msg(en, ja), { file }));
  const weightsDoc = (doc.weights ?? {}) as Record<string, unknown>;
  const weights = {} as Record<ScoreComponent, number>;
  for (const key of Object.keys(weightsDoc)) {
    if (!(SCORE_COMPONENTS as readonly string[]).includes(key)) {
      problem(`weights.${key}: unknown component (known: ${SCORE_COMPONENTS.join(', ')})`, `weights.${key}: 未知の項目です（${SCORE_COMPONENTS.join(', ')}）`);
    }
  }
  for (const c of SCORE_COMPONENTS) {
    const w = weightsDoc[c] ?? 0;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1000) {
      problem(`weights.${c}: ${JSON.stringify(w)} is not a number from 0 to 1000`, `weights.${c}: ${JSON.stringify(w)} は 0〜1000 の数ではありません`);
      weights[c] = 0;
    } else weights[c] = w;
  }
  const radius = doc.default_radius_km ?? 10;
  if (typeof radius !== 'number' || !(radius > 0)) problem(`default_radius_km: ${JSON.stringify(radius)} must be a positive number`, `default_radius_km は正の数で指定してください`);
  const remote = doc.remote_distance_points ?? weights.distance;
  if (typeof remote !== 'number' || remote < 0 || remote > weights.distance) {
    problem(`remote_distance_points: ${JSON.stringify(remote)} must be between 0 and weights.distance`, `remote_distance_points は 0〜weights.distance の数で指定してください`);
  }
  if (SCORE_COMPONENTS.every((c) => weights[c] === 0)) problem('all weights are 0: every pair would score 0', 'すべての重みが 0 です');
  if (problems.length > 0) {
    throw new ValidationError('invalid_template', msg(`${file}: ${problems.length} problem(s) in the matching template`, `${file}: マッチングテンプレートに ${problems.length} 件の不備があります`), problems);
  }
  return {
    name: typeof doc.name === 'string' ? doc.name : file,
    source: path ?? 'default',
    sha256: createHash('sha256').update(text).digest('hex'),
    weights,
    defaultRadiusKm: radius as number,
    remoteDistancePoints: remote as number,
  };
}
