import React from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { PAGES } from '../constants';
import { Drills } from '../pages/drills/Drills';
import { Overview } from '../pages/Overview';
import { Status } from '../pages/status/Status';

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={PAGES.status} element={<Status />} />
      <Route path={PAGES.drills} element={<Drills />} />
      <Route path="*" element={<Overview />} />
    </Routes>
  );
}

export default App;
