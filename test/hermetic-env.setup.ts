// vitest setupFiles: each test file runs with its own temporary HOME (see hermetic-env.ts), removed afterwards.
import { afterAll } from 'vitest';
import { useTempHome } from './hermetic-env.js';

const { remove } = useTempHome();
afterAll(remove);
