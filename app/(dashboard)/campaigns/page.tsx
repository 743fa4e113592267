export const dynamic = 'force-dynamic';

export default function CampaignsPage() {
  return <main>Campaigns</main>;
}
