import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bakedPlugin,
  installOpencode,
  OLD_PLUGIN_SOURCE,
  oldPluginFiles,
  opencodePluginDir,
  pluginSource,
  uninstallOpencode,
} from './install.js';
import { InstallError } from '../settings-file.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'agentlog-ocplug-'));
  dirs.push(d);
  return path.join(d, 'opencode', 'plugins');
};
const CMD = ['/usr/bin/node', '/opt/agentlog/dist/bin/agentlog.js'];

describe('install opencode', () => {
  it('writes the plugin with the command it starts imports with, once', () => {
    const dir = tmp();
    expect(installOpencode({ dir, command: CMD })).toEqual({ file: path.join(dir, 'agentlog.ts'), changed: true });
    const text = fs.readFileSync(path.join(dir, 'agentlog.ts'), 'utf8');
    expect(text).toContain(
      'const AGENTLOG_COMMAND: string[] = ["/usr/bin/node","/opt/agentlog/dist/bin/agentlog.js"];',
    );
    expect(text.match(/^export /gm)).toEqual(['export ']); // only the plugin function
    expect(installOpencode({ dir, command: CMD }).changed).toBe(false);
  });

  it('removes only its own file, and never overwrites someone else’s', () => {
    const dir = tmp();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'agentlog.ts'), 'export const Mine = async () => ({})');
    expect(() => installOpencode({ dir, command: CMD })).toThrow(InstallError);
    expect(() => uninstallOpencode({ dir })).toThrow(/not agentlog's plugin/);
    fs.rmSync(path.join(dir, 'agentlog.ts'));
    installOpencode({ dir, command: CMD });
    fs.writeFileSync(path.join(dir, 'other.ts'), '// another plugin');
    expect(uninstallOpencode({ dir }).changed).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['other.ts']);
    expect(uninstallOpencode({ dir }).changed).toBe(false);
  });

  it('writes nothing on --dry-run and finds the XDG plugins folder OpenCode documents', () => {
    const dir = tmp();
    expect(installOpencode({ dir, command: CMD, dryRun: true }).changed).toBe(true);
    expect(fs.existsSync(dir)).toBe(false);
    expect(opencodePluginDir({ XDG_CONFIG_HOME: '/x' }, '/h')).toBe('/x/opencode/plugins');
    expect(opencodePluginDir({}, '/h')).toBe('/h/.config/opencode/plugins');
    expect(() => bakedPlugin('no marker', CMD)).toThrow(InstallError);
    expect(pluginSource()).toContain("agentlog's OpenCode plugin");
  });

  it('replaces a plugin installed from the old path: a link to hooks/opencode/agentlog-plugin.ts, or a copy of it', () => {
    const dir = tmp();
    fs.mkdirSync(dir, { recursive: true });
    const oldSource = path.join(path.dirname(dir), 'old-agentlog', OLD_PLUGIN_SOURCE); // gone since the upgrade
    fs.symlinkSync(oldSource, path.join(dir, 'agentlog.ts'));
    fs.writeFileSync(path.join(dir, 'agentlog-plugin.ts'), pluginSource());
    const old = [path.join(dir, 'agentlog.ts'), path.join(dir, 'agentlog-plugin.ts')];
    expect(oldPluginFiles(dir)).toEqual(old);

    expect(installOpencode({ dir, command: CMD, dryRun: true })).toEqual({
      file: path.join(dir, 'agentlog.ts'),
      changed: true,
      replaced: old,
    });
    expect(oldPluginFiles(dir)).toEqual(old);
    expect(installOpencode({ dir, command: CMD })).toEqual({
      file: path.join(dir, 'agentlog.ts'),
      changed: true,
      replaced: old,
    });
    expect(fs.readdirSync(dir)).toEqual(['agentlog.ts']);
    expect(fs.lstatSync(path.join(dir, 'agentlog.ts')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'agentlog.ts'), 'utf8')).toBe(bakedPlugin(pluginSource(), CMD));
    expect(fs.existsSync(oldSource)).toBe(false); // nothing written through the old link
    expect(oldPluginFiles(dir)).toEqual([]);

    fs.rmSync(path.join(dir, 'agentlog.ts'));
    fs.symlinkSync(oldSource, path.join(dir, 'agentlog.ts'));
    expect(uninstallOpencode({ dir })).toEqual({
      file: path.join(dir, 'agentlog.ts'),
      changed: true,
      replaced: [old[0]],
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('moves its plugin out of the older plugin/ folder (OpenCode scans both: it would run twice), leaving others alone', () => {
    const dir = tmp();
    const legacy = path.join(path.dirname(dir), 'plugin');
    fs.mkdirSync(legacy, { recursive: true });
    fs.writeFileSync(path.join(legacy, 'agentlog.ts'), bakedPlugin(pluginSource(), CMD));
    fs.writeFileSync(path.join(legacy, 'theirs.ts'), 'export const Theirs = async () => ({})');
    expect(oldPluginFiles(dir)).toEqual([path.join(legacy, 'agentlog.ts')]);
    expect(installOpencode({ dir, command: CMD })).toEqual({
      file: path.join(dir, 'agentlog.ts'),
      changed: true,
      replaced: [path.join(legacy, 'agentlog.ts')],
    });
    expect(fs.readdirSync(legacy)).toEqual(['theirs.ts']);
    expect(fs.readdirSync(dir)).toEqual(['agentlog.ts']);
    expect(oldPluginFiles(dir)).toEqual([]);

    // Someone else's agentlog.ts in plugin/ is not ours to move.
    fs.writeFileSync(path.join(legacy, 'agentlog.ts'), 'export const Mine = async () => ({})');
    expect(oldPluginFiles(dir)).toEqual([]);
    expect(installOpencode({ dir, command: CMD }).changed).toBe(false);

    fs.writeFileSync(path.join(legacy, 'agentlog.ts'), bakedPlugin(pluginSource(), CMD));
    expect(uninstallOpencode({ dir })).toEqual({
      file: path.join(dir, 'agentlog.ts'),
      changed: true,
      replaced: [path.join(legacy, 'agentlog.ts')],
    });
    expect(fs.readdirSync(legacy)).toEqual(['theirs.ts']);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
