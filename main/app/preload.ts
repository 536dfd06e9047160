/**
 * The preload of the main window: sandboxed, bundled into one CommonJS file,
 * and the only code that touches ipcRenderer. It exposes `window.drun` and
 * nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDrunBridge } from './preload-api';

/** Written in by scripts/build-electron.mjs from main/app/contract-channels.ts. */
declare const DRUN_CONTRACT_CHANNELS: readonly string[];

contextBridge.exposeInMainWorld('drun', createDrunBridge(ipcRenderer, new Set(DRUN_CONTRACT_CHANNELS)));
