#!/usr/bin/env node
// The `perfit` command. It runs the TypeScript sources through tsx so that the CLI, the service
// and its worker threads are the very code the tests exercise.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin });
