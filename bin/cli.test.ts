import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './cli.js';

describe('the command table', () => {
  // `main` registers only the chosen command's module: each entry must name exactly what it registers.
  it('names every command its module registers, and each command once', async () => {
    const all: string[] = [];
    for (const { names, load } of COMMANDS) {
      const program = new Command();
      await (
        await load()
      )(program, names[0]);
      expect(program.commands.map((c) => c.name())).toEqual(names);
      all.push(...names);
    }
    expect(new Set(all).size).toBe(all.length);
  });
});
