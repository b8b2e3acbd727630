import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import './app/app.css';
import { completeLaunch } from './app/completeLaunch';
import { LaunchProblemPage } from './app/LaunchProblemPage';
import { SessionProvider } from './session/SessionContext';
import { App } from './app/App';
import { applySmartStyle } from './app/smartStyle';
import { prefetchChart } from './features/context/chartQueries';
import { queryRetry, queryRetryDelay } from './app/queryRetry';
import { refuseRedirects } from './fhir/refuseRedirects';

refuseRedirects();

const root = createRoot(document.getElementById('root') as HTMLElement);

// The SMART launch completes here, once, outside React. Anything unexpected (a malformed
// id_token, say) still ends on a page that says what to do, never a blank one.
const result = await completeLaunch().catch((): Awaited<ReturnType<typeof completeLaunch>> => ({
  ok: false,
  problem: { kind: 'token-refused' },
}));
if (!result.ok) {
  root.render(<LaunchProblemPage problem={result.problem} />);
} else {
  const { session } = result;
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        retry: queryRetry,
        retryDelay: queryRetryDelay,
        staleTime: 5 * 60_000,
        refetchOnWindowFocus: false,
      },
    },
  });
  prefetchChart(queryClient, session);
  void applySmartStyle(session.context.smartStyleUrl);
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SessionProvider value={session}>
          <App />
        </SessionProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
