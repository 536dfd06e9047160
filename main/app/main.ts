/**
 * The Electron entry, bundled to out/main/electron.cjs beside preload.cjs;
 * the renderer's build lies in out/renderer. Everything else lives in
 * lifecycle.ts so that it can be tested without Electron.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell } from 'electron';
import { createApp } from '../composition';
import { preferSmallHeap } from '../heap';
import { startShell } from './lifecycle';

preferSmallHeap();

startShell(
  { app, protocol, session, ipcMain, shell, Menu, createWindow: (options) => new BrowserWindow(options) },
  {
    createApp,
    preloadPath: join(__dirname, 'preload.cjs'),
    rendererDir: join(__dirname, '..', 'renderer'),
    platform: process.platform,
  },
);
