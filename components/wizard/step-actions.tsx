"use client";

import type { ReactNode } from "react";

export const STEP_ACTIONS_ID = "step-actions";

/**
 * A step's Back, Continue and the like: in a bar that stays at the bottom of the window while the
 * step scrolls (a file of 300 columns makes a long page), and that the skip link leads to.
 */
export function StepActions({ children }: { children: ReactNode }) {
  return (
    <div id={STEP_ACTIONS_ID} tabIndex={-1} role="group" aria-label="Buttons of this step" data-testid="step-actions"
      className="sticky bottom-0 z-20 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-4px_8px_-6px_rgb(0_0_0/0.15)] backdrop-blur focus:outline-2 focus:outline-indigo-600 sm:mx-0 sm:rounded-lg sm:border">
      {children}
    </div>
  );
}

/**
 * The first thing a keyboard reaches in a step: past its tables and fields, straight to its actions.
 * A button that moves the focus itself: a link to the fragment leaves it in place here.
 */
export function SkipToActions() {
  return (
    <button type="button" data-testid="skip-to-actions" onClick={() => document.getElementById(STEP_ACTIONS_ID)?.focus()}
      className="sr-only rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white focus:not-sr-only focus:absolute focus:z-30">
      Skip to the step&apos;s actions
    </button>
  );
}
