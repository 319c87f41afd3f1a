"use client";

import { useEffect } from "react";

export const LEAVE_QUESTION = "Leave this import? The file you loaded and your changes to it will be lost.";

/**
 * While `active` (a file is loaded, not yet sent), leaving asks first: closing or reloading the tab
 * through the browser's own question, a link inside the app or Back through ours. Links are caught
 * before the router sees them, since a client-side navigation fires no beforeunload; Back first lands
 * on a copy of this page's history entry (the router's state kept, so it stays on the page), where
 * the question is asked.
 */
export function useLeaveGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const click = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || link.hasAttribute("download") || event.defaultPrevented) return;
      if (new URL(link.href, location.href).origin !== location.origin) return;
      if (!window.confirm(LEAVE_QUESTION)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    let leaving = false;
    const here = location.href;
    history.pushState(history.state, "", here);
    const back = () => {
      if (leaving || location.href !== here) return;
      if (window.confirm(LEAVE_QUESTION)) {
        leaving = true;
        history.back();
      } else history.pushState(history.state, "", here);
    };
    window.addEventListener("beforeunload", beforeUnload);
    window.addEventListener("popstate", back);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      window.removeEventListener("popstate", back);
      document.removeEventListener("click", click, true);
    };
  }, [active]);
}
